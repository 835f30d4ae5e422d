import type { Subscription } from "@natsflux/core";
import type { DispatchSubscription } from "@natsflux/core/internal";

/**
 * A handler-mode subscription whose stop/drain/close also flush the connection after the last handler
 * finished, so the acks those handlers sent have reached the server when the promise resolves (an ack still in
 * the client's buffer at process exit is lost, and the message comes back after ack_wait).
 */
export class HandlerSubscription<M> implements Subscription {
  readonly #dispatch: DispatchSubscription<M>;
  readonly #flushed: Promise<void>;
  readonly closed: Promise<void>;

  constructor(dispatch: DispatchSubscription<M>, flush: () => Promise<void>) {
    this.#dispatch = dispatch;
    const flushQuietly = () => flush().catch(() => {});
    this.#flushed = dispatch.closed.then(flushQuietly, flushQuietly);
    this.closed = dispatch.closed.then(
      () => this.#flushed,
      async (error: unknown) => {
        await this.#flushed;
        throw error;
      },
    );
    this.closed.catch(() => {});
  }

  get subject(): string {
    return this.#dispatch.subject;
  }

  get inFlight(): number {
    return this.#dispatch.inFlight;
  }

  async stop(): Promise<void> {
    await this.#dispatch.stop();
    await this.#flushed;
  }

  async drain(): Promise<void> {
    await this.#dispatch.drain();
    await this.#flushed;
  }

  close(): Promise<void> {
    return this.drain();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
