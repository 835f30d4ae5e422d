import type { Closable } from "./closable.js";
import type { Handler } from "./handler.js";
import type { Message } from "./message.js";
import type { StatusListener } from "./status.js";
import type { MessageStream, Subscription } from "./subscription.js";

export interface SubscribeOptions {
  /** Stops the subscription (like `stop()`) when aborted. */
  readonly signal?: AbortSignal;
  /**
   * Handlers running at once. With 1 (the default) messages are handled one at a time, in order.
   * @default 1
   */
  readonly concurrency?: number;
  /** Receives status events (slow consumer, reconnects, handler errors...). */
  readonly onStatus?: StatusListener;
  /**
   * Milliseconds `drain()` / `close()` lets running handlers finish. Past it the subscription stops: handler
   * signals are aborted and `close()` returns at most 500 ms later, even if a handler ignores its signal.
   * @default 30000
   */
  readonly drainTimeout?: number;
}

/** How much a subscription holds in this process; the same option on every transport. */
export interface BufferOptions {
  /**
   * Messages held at most: received and not yet finished (handler mode) or not yet read (`messages()`).
   * When it is reached, acknowledging transports (JetStream) stop pulling; Core NATS and memory cannot hold
   * the sender back, so they drop the excess and report it as a `slow_consumer` status event.
   * @default 256 for `messages()`; per transport for handlers (Core NATS and memory 65536, JetStream 512)
   */
  readonly bufferSize?: number;
}

export interface StreamOptions extends SubscribeOptions, BufferOptions {}

/**
 * Delivers typed messages from a `Target` (a subject for Core NATS, a consumer for JetStream) to a
 * handler, or as an async iterable.
 */
export interface Subscriber<
  T,
  M extends Message<T> = Message<T>,
  Target = string,
  Options extends SubscribeOptions = SubscribeOptions,
> extends Closable {
  subscribe(target: Target, handler: Handler<T, M>, options?: Options): Promise<Subscription>;
  messages(target: Target, options?: Options & StreamOptions): Promise<MessageStream<M>>;
}
