import type { NatsConnection } from "@nats-io/nats-core";
import { type Closable, ClosedError, type Subscription, TimeoutError } from "@natsflux/core";
import type { Logger } from "../logger.js";
import { type Publisher, wirePublisher } from "../publisher.js";

/**
 * Everything a started connection holds, closed in dependency order: consumers and handlers drain first
 * (in-flight handlers finish and their acks are flushed), then publishers are unwired, then the
 * connection drains when natsflux opened it. Bounded by `drainTimeout`.
 */
export class RunningService {
  readonly subscriptions: Subscription[] = [];
  readonly #closables: Closable[] = [];
  readonly #publishers: Publisher<unknown, unknown>[] = [];
  readonly #nc: NatsConnection;
  readonly #owned: boolean;
  readonly #drainTimeout: number;
  readonly #logger: Logger;

  constructor(nc: NatsConnection, owned: boolean, drainTimeout: number, logger: Logger) {
    this.#nc = nc;
    this.#owned = owned;
    this.#drainTimeout = drainTimeout;
    this.#logger = logger;
  }

  get connection(): NatsConnection {
    return this.#nc;
  }

  addSubscription(subscription: Subscription): void {
    this.subscriptions.push(subscription);
    // A subscription that ends on its own (connection closed for good, consumer refused...) must not stop
    // consuming silently; one closed by close() resolves instead.
    subscription.closed.catch((error: unknown) => {
      this.#logger.error("subscription ended with an error; it receives no more messages", {
        subject: subscription.subject,
        error,
      });
    });
  }

  /** Transport objects (publishers, requesters) closed after the subscriptions. */
  addClosable(closable: Closable): void {
    this.#closables.push(closable);
  }

  addPublisher(publisher: Publisher<unknown, unknown>): void {
    this.#publishers.push(publisher);
  }

  async close(): Promise<void> {
    const drained = Promise.allSettled(this.subscriptions.map((s) => s.drain()));
    if (!(await withinTimeout(drained, this.#drainTimeout))) {
      this.#logger.warn("close: handlers still running after the drain timeout; stopping them", {
        drainTimeoutMs: this.#drainTimeout,
      });
      await Promise.allSettled(this.subscriptions.map((s) => s.stop()));
    }
    for (const publisher of this.#publishers) {
      publisher[wirePublisher]({ publish: () => Promise.reject(new ClosedError("connection")) });
    }
    await Promise.allSettled(this.#closables.map((c) => c.close()));
    if (this.#nc.isClosed()) return;
    if (this.#owned) {
      const drain = this.#nc.drain().catch(() => {});
      if (!(await withinTimeout(drain, this.#drainTimeout))) {
        this.#logger.warn("close: connection drain timed out; closing", {
          error: new TimeoutError("drain", undefined, this.#drainTimeout),
        });
        await this.#nc.close().catch(() => {});
      }
    } else {
      await this.#nc.flush().catch(() => {});
    }
  }
}

async function withinTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
