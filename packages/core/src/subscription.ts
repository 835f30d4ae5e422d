import type { Closable } from "./closable.js";

/**
 * A running subscription. `stop()` stops receiving, aborts the handlers' signals and waits for them at most
 * 500 ms (buffered messages that were never started are not handled); `drain()` first handles what was
 * already received, for at most its `drainTimeout`, then stops. `close()` is `drain()`. All three are
 * idempotent; `stop()` during a pending drain escalates it instead of waiting for it.
 */
export interface Subscription extends Closable {
  readonly subject: string;
  /** Settles when the subscription has ended: resolves after stop/drain, rejects on a terminal error. */
  readonly closed: Promise<void>;
  /** Handlers currently running. */
  readonly inFlight: number;
  stop(): Promise<void>;
  drain(): Promise<void>;
}

/** The `for await` view of a subscription: a bounded buffer, so a slow reader applies backpressure. */
export interface MessageStream<M> extends Subscription, AsyncIterable<M> {}
