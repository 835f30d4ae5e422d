import type { Direction, ExchangeKind, Pattern, Transport } from "./kinds.js";

/** One broker resource a service publishes to or consumes from, as declared by a setup function. */
export interface Endpoint {
  readonly direction: Direction;
  readonly pattern: Pattern;
  /** AMQP exchange name, or the NATS stream / service name. */
  readonly exchangeName: string;
  /** `""` only for queue-publish endpoints. */
  readonly exchangeKind: ExchangeKind | "";
  /** AMQP queue, or the NATS durable consumer name. Absent for publishers and ephemeral consumers. */
  readonly queueName?: string;
  /** As registered: wildcards are `*` and `#`, never translated to NATS `>`. */
  readonly routingKey?: string;
  readonly messageType?: string;
  readonly ephemeral?: boolean;
}

/** Everything one service declares. Go encodes an empty endpoint list as `null`. */
export interface Topology {
  readonly transport?: Transport;
  readonly serviceName: string;
  readonly endpoints: readonly Endpoint[] | null;
}
