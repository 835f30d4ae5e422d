import { ConfigError } from "../errors/operation-errors.js";
import type { StatusListener } from "../status.js";
import type { MessageStream } from "../subscription.js";
import { onAbort } from "./abort.js";
import { AsyncQueue } from "./async-queue.js";
import { notify } from "./notify.js";
import { Once } from "./once.js";
import { type Settle, settle } from "./settle.js";
import type { SubscriptionSource } from "./subscription-source.js";

export interface StreamSubscriptionOptions {
  readonly subject: string;
  readonly bufferSize?: number;
  readonly onStatus?: StatusListener;
  readonly signal?: AbortSignal;
}

/**
 * The `for await` form of a subscription, shared by every transport. The transport pushes into a
 * bounded queue (`offer`), and either waits for room (`whenSpace`, pull transports) or reports a drop.
 * Breaking out of the loop stops the subscription.
 */
export class StreamSubscription<M> implements MessageStream<M> {
  readonly subject: string;
  readonly #queue: AsyncQueue<M>;
  readonly #once = new Once();
  readonly #closed: Settle<void> = settle<void>();
  // Assigned before the signal is watched: an already-aborted signal calls stop() from the constructor.
  #detachSignal: () => void = () => {};
  #source: SubscriptionSource<M> | undefined;
  #leftBehind: M[] = [];
  #sourceDone = false;

  constructor(options: StreamSubscriptionOptions) {
    this.subject = options.subject;
    const size = options.bufferSize ?? 256;
    if (!Number.isInteger(size) || size < 1)
      throw new ConfigError("bufferSize", `must be an integer >= 1, got ${size}`);
    const onStatus = options.onStatus;
    this.#queue = new AsyncQueue<M>(size, (dropped) => {
      // The reader broke out of its loop: what it left behind is discarded once the source has stopped.
      if (this.#sourceDone) this.#source?.discard?.(dropped);
      else this.#leftBehind.push(...dropped);
      this.stop().catch((error: unknown) => notify(onStatus, { type: "error", error }));
    });
    this.#detachSignal = onAbort(options.signal, () => {
      this.stop().catch((error: unknown) => notify(onStatus, { type: "error", error }));
    });
  }

  get closed(): Promise<void> {
    return this.#closed.promise;
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

  attach(source: SubscriptionSource<M>): this {
    this.#source = source;
    // Stopped before the transport attached (e.g. an already-aborted signal): nothing may flow.
    if (this.#once.started) source.stop().catch(() => {});
    return this;
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

  stop(): Promise<void> {
    return this.#once.run(async () => {
      this.#detachSignal();
      try {
        await this.#source?.stop();
      } finally {
        this.#discard(this.#queue.clear());
        this.#queue.end();
        this.#closed.resolve();
      }
    });
  }

  drain(): Promise<void> {
    return this.#once.run(async () => {
      this.#detachSignal();
      try {
        await this.#source?.drain();
      } finally {
        this.#discard([]);
        this.#queue.end();
        this.#closed.resolve();
      }
    });
  }

  /** Ends the stream because the transport failed: the reader's loop throws `error` after the buffer. */
  fail(error: unknown): Promise<void> {
    return this.#once.run(async () => {
      this.#detachSignal();
      this.#queue.end(error);
      this.#closed.reject(error);
    });
  }

  close(): Promise<void> {
    return this.drain();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<M> {
    return this.#queue;
  }

  /** Hands never-read messages back to the source, once, after it has stopped receiving. */
  #discard(buffered: M[]): void {
    this.#sourceDone = true;
    const dropped = [...this.#leftBehind, ...buffered];
    this.#leftBehind = [];
    if (dropped.length > 0) this.#source?.discard?.(dropped);
  }
}
