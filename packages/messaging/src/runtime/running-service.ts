import type { NatsConnection } from "@nats-io/nats-core";
import { type Closable, type Subscription, TimeoutError } from "@natsflux/core";
import { within } from "@natsflux/core/internal";
import type { Logger } from "../logger.js";

/**
 * Everything a started connection holds, closed in dependency order: consumers and handlers drain first
 * (in-flight handlers finish and their acks are flushed), then publishers and requesters close, then the
 * connection drains when natsflux opened it. Bounded by `drainTimeout` plus the core stop grace and small
 * final steps, even when a handler never finishes.
 */
export class RunningService {
  readonly subscriptions: Subscription[] = [];
  readonly #closables: Closable[] = [];
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

  /** Transport publishers and requesters, closed after the subscriptions (then refusing with ClosedError). */
  addClosable(closable: Closable): void {
    this.#closables.push(closable);
  }

  /**
   * One budget of `drainTimeout` for the whole close: subscriptions drain within it, then are stopped (handler
   * signals aborted, at most the core stop grace); publishers and requesters close (in-flight requests are
   * released with ClosedError) and the connection drains within what is left, but never less than
   * `finalStepMs` each, since those steps are normally one round trip.
   */
  async close(): Promise<void> {
    const deadline = Date.now() + this.#drainTimeout;
    const left = () => Math.max(finalStepMs, deadline - Date.now());
    const drained = Promise.allSettled(this.subscriptions.map((s) => s.drain()));
    if (!(await within(drained, Math.max(0, deadline - Date.now())))) {
      this.#logger.warn("close: handlers still running after the drain timeout; stopping them", {
        drainTimeoutMs: this.#drainTimeout,
      });
      // stop() escalates the pending drains: handler signals abort and each settles within the stop grace.
      await Promise.allSettled(this.subscriptions.map((s) => s.stop()));
    }
    const closed = Promise.allSettled(this.#closables.map((c) => c.close()));
    if (!(await within(closed, left()))) {
      this.#logger.warn("close: publishes still pending after the drain timeout; closing anyway", {
        drainTimeoutMs: this.#drainTimeout,
      });
    }
    if (this.#nc.isClosed()) return;
    if (this.#owned) {
      const drain = this.#nc.drain().catch(() => {});
      if (!(await within(drain, left()))) {
        this.#logger.warn("close: connection drain timed out; closing", {
          error: new TimeoutError("drain", undefined, this.#drainTimeout),
        });
        await within(
          this.#nc.close().catch(() => {}),
          finalStepMs,
        );
      }
    } else {
      await within(
        this.#nc.flush().catch(() => {}),
        left(),
      );
    }
  }
}

/** The least time given to each last step of close (closing publishers, draining the connection). */
const finalStepMs = 250;
