import { natsConsumerFilterSubject } from "../naming/nats-transport.js";

/** What a gomessaging JetStream consumer declares: its durable, routing keys and redelivery limits. */
export interface ConsumerDeclaration {
  /** Left out, the consumer is ephemeral. */
  readonly durable?: string | undefined;
  /** The stream and routing key of each registration the consumer serves. */
  readonly registrations: ReadonlyArray<{ readonly stream: string; readonly routingKey: string }>;
  readonly maxDeliver?: number | undefined;
  /** Go's `BackOff`: redelivery delays in ms. */
  readonly backOff?: ReadonlyArray<number> | undefined;
}

/** The JetStream consumer configuration of `natsConsumerSettings` (a transport's consumer settings fit it). */
export interface NatsConsumerSettings {
  readonly durable?: string;
  /** One filter subject per registration; a single one as a string (`filter_subject`). */
  readonly filterSubject: string | ReadonlyArray<string>;
  readonly ackPolicy: "explicit";
  readonly maxDeliver?: number;
  readonly backoff?: ReadonlyArray<number>;
}

/**
 * The JetStream consumer the Go transport creates for `consumer`: explicit ack, deliver all (the server's
 * default), one filter subject per routing key (a single one as `filter_subject`), MaxDeliver and BackOff
 * only when declared.
 */
export function natsConsumerSettings(consumer: ConsumerDeclaration): NatsConsumerSettings {
  const filters = consumer.registrations.map((r) => natsConsumerFilterSubject(r.stream, r.routingKey));
  return {
    ...(consumer.durable === undefined ? {} : { durable: consumer.durable }),
    filterSubject: filters.length === 1 ? (filters[0] as string) : filters,
    ackPolicy: "explicit",
    ...(consumer.maxDeliver === undefined ? {} : { maxDeliver: consumer.maxDeliver }),
    ...(consumer.backOff === undefined ? {} : { backoff: consumer.backOff }),
  };
}
