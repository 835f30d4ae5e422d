import type { StatusListener } from "../status.js";
import type { MessageStream } from "../subscription.js";
import { AsyncQueue } from "./async-queue.js";
import { SubscriptionLifecycle } from "./subscription-lifecycle.js";
import { validCount } from "./validate-options.js";

export interface StreamSubscriptionOptions {
  readonly subject: string;
  readonly bufferSize?: number;
  readonly onStatus?: StatusListener;
  readonly signal?: AbortSignal;
  /** How long `drain()` waits before it stops. @default defaultDrainTimeoutMs */
  readonly drainTimeout?: number;
}

/**
 * The `for await` form of a subscription, shared by every transport. The transport pushes into a
 * bounded queue (`offer`), and either waits for room (`whenSpace`, pull transports) or reports a drop.
 * Breaking out of the loop stops the subscription.
 */
export class StreamSubscription<M> extends SubscriptionLifecycle<M> implements MessageStream<M> {
  readonly #queue: AsyncQueue<M>;
  #leftBehind: M[] = [];
  #sourceDone = false;

  constructor(options: StreamSubscriptionOptions) {
    super(options.subject, options.drainTimeout);
    const size = validCount("bufferSize", options.bufferSize, 256);
    const onStatus = options.onStatus;
    this.#queue = new AsyncQueue<M>(size, (dropped) => {
      // The reader broke out of its loop: what it left behind is discarded once the source has stopped.
      if (this.#sourceDone) this.source?.discard?.(dropped);
      else this.#leftBehind.push(...dropped);
      this.stopReporting(onStatus);
    });
    this.watchSignal(options.signal, onStatus);
  }

  /** A stream has no handlers; messages handed to the reader are the reader's. */
  get inFlight(): number {
    return 0;
  }

  get buffered(): number {
    return this.#queue.length;
  }

  get full(): boolean {
    return this.#queue.full;
  }

  /** Buffers a message; false when the buffer is full or the stream has ended. */
  offer(message: M): boolean {
    return this.#queue.push(message);
  }

  whenSpace(): Promise<void> {
    return this.#queue.whenSpace();
  }

  /** Resolves once fewer than `limit` messages are buffered (or the stream has ended). */
  whenBelow(limit: number): Promise<void> {
    return this.#queue.whenBelow(limit);
  }

  [Symbol.asyncIterator](): AsyncIterator<M> {
    return this.#queue;
  }

  protected afterStop(): void {
    this.#discard(this.#queue.clear());
    this.#queue.end();
  }

  protected afterDrain(): void {
    this.#discard([]);
    this.#queue.end();
  }

  /** The reader's loop throws `error` after the buffer. */
  protected afterFail(error: unknown): void {
    this.#queue.end(error);
  }

  /** Hands never-read messages back to the source, once, after it has stopped receiving. */
  #discard(buffered: M[]): void {
    this.#sourceDone = true;
    const dropped = [...this.#leftBehind, ...buffered];
    this.#leftBehind = [];
    if (dropped.length > 0) this.source?.discard?.(dropped);
  }
}
