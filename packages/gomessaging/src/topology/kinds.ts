/** Broker families a topology can describe. */
export const Transports = { amqp: "amqp", nats: "nats" } as const;
/** One of `Transports`. */
export type Transport = (typeof Transports)[keyof typeof Transports];

/** Whether an endpoint sends to or receives from its exchange. */
export const Directions = { publish: "publish", consume: "consume" } as const;
/** One of `Directions`. */
export type Direction = (typeof Directions)[keyof typeof Directions];

/** The messaging patterns of the gomessaging specification. */
export const Patterns = {
  eventStream: "event-stream",
  customStream: "custom-stream",
  serviceRequest: "service-request",
  serviceResponse: "service-response",
  queuePublish: "queue-publish",
} as const;
/** One of `Patterns`. */
export type Pattern = (typeof Patterns)[keyof typeof Patterns];

/**
 * AMQP exchange kinds; NATS endpoints reuse them to say how they route.
 * Queue-publish endpoints use the empty kind `""`, which is not listed here.
 */
export const ExchangeKinds = { topic: "topic", direct: "direct", headers: "headers" } as const;
/** One of `ExchangeKinds`. */
export type ExchangeKind = (typeof ExchangeKinds)[keyof typeof ExchangeKinds];
