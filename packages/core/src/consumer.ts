import type { Closable } from "./closable.js";
import type { Message } from "./message.js";

export interface FetchOptions {
  /** How long the server may wait to fill the batch, in ms. */
  readonly expires?: number;
  readonly signal?: AbortSignal;
}

/**
 * Pull-based consumption: the caller asks for messages when it is ready for them.
 * Iterating pulls one message at a time until the consumer is closed.
 */
export interface Consumer<T, M extends Message<T> = Message<T>> extends Closable, AsyncIterable<M> {
  /** Up to `max` messages; fewer (possibly none) when `expires` passes first. */
  fetch(max: number, options?: FetchOptions): Promise<M[]>;
  /** The next message, or `null` when none arrived before `expires`. */
  next(options?: FetchOptions): Promise<M | null>;
}
