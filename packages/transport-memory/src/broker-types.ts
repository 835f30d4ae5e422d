import type { Headers } from "@natsflux/core";

/** A message as it travels through the broker: bytes and headers, nothing decoded. */
export interface BrokerMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: Headers;
  /** Where the sender expects an answer. */
  readonly reply?: string | undefined;
}

/** How a queue group chooses the member that gets a message. */
export type QueueStrategy = "round-robin" | "random";

export interface MemoryBrokerOptions {
  /**
   * `round-robin` makes distribution predictable in tests; `random` is closer to nats-server.
   * @default "round-robin"
   */
  readonly queueStrategy?: QueueStrategy;
  /**
   * Source of randomness for the `random` strategy, in [0, 1); inject a seeded one for repeatable tests.
   * @default Math.random
   */
  readonly random?: () => number;
}

export interface BrokerSubscribeOptions {
  /** Join this queue group: each message goes to exactly one member of the group. */
  readonly queue?: string;
}

/** Receives the broker's own copy of each message; it must not throw (that surfaces as an uncaught error). */
export type BrokerDeliver = (message: BrokerMessage) => void;

/** One interest registered with the broker. */
export interface BrokerSubscription {
  readonly subject: string;
  readonly queue: string | undefined;
  /** False once unsubscribed or drained. */
  readonly active: boolean;
  /** Stops at once: messages already routed here but not yet delivered are dropped. */
  unsubscribe(): void;
  /** Stops receiving new messages; resolves once those already routed here have been delivered. */
  drain(): Promise<void>;
}
