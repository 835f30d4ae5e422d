import type { Direction, ExchangeKind, Pattern, Transport } from "./kinds.js";

/** One broker resource a service publishes to or consumes from, as declared by a setup function. */
export interface Endpoint {
  /** Whether the service sends to or receives from the exchange. */
  readonly direction: Direction;
  /** The gomessaging pattern that declared it. */
  readonly pattern: Pattern;
  /** AMQP exchange name, or the NATS stream / service name. */
  readonly exchangeName: string;
  /** `""` only for queue-publish endpoints. */
  readonly exchangeKind: ExchangeKind | "";
  /** AMQP queue, or the NATS durable consumer name. Absent for publishers and ephemeral consumers. */
  readonly queueName?: string;
  /** As registered: wildcards are `*` and `#`, never translated to NATS `>`. */
  readonly routingKey?: string;
  /** The payload's type name, when known (Go fills it from the handler's type parameter). */
  readonly messageType?: string;
  /** A transient consumer: no durable, gone when the service stops. */
  readonly ephemeral?: boolean;
}

/** Everything one service declares. Go encodes an empty endpoint list as `null`. */
export interface Topology {
  /** The broker family; absent in topologies that predate the field. */
  readonly transport?: Transport;
  /** The service that declares the endpoints. */
  readonly serviceName: string;
  /** Its endpoints in declaration order, or `null` for none (as Go encodes an empty list). */
  readonly endpoints: readonly Endpoint[] | null;
}
