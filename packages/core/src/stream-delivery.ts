/** Where a persisted (JetStream) message came from and how often it has been delivered. */
export interface StreamDelivery {
  readonly stream: string;
  readonly consumer: string;
  readonly streamSequence: number;
  readonly consumerSequence: number;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  readonly redelivered: boolean;
  /** When the server stored the message, in milliseconds since the epoch. */
  readonly timestampMs: number;
  /** Messages still pending for the consumer after this one. */
  readonly pending: number;
}
