import type { NatsConnection } from "@nats-io/nats-core";
import { type Closable, type Subscription, TimeoutError } from "@natsflux/core";
import { drainWithin, within } from "@natsflux/core/internal";
import type { Logger } from "../logger.js";

/**
 * Everything a started connection holds, closed in dependency order: consumers and handlers drain first
 * (in-flight handlers finish and their acks are flushed), then publishers and requesters close, then the
 * connection drains when natsflux opened it. One budget of `drainTimeout` for the whole close; the last
 * steps (normally one round trip each) get at least `finalStepMs`, so close is bounded even when a
 * handler never finishes.
 */
export class RunningService {
  /** Every subscription started, ended ones included (for status inspection). */
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

  async close(): Promise<void> {
    const deadline = Date.now() + this.#drainTimeout;
    const left = () => Math.max(finalStepMs, deadline - Date.now());
    const late = (what: string) =>
      this.#logger.warn(`close: ${what}`, { drainTimeoutMs: this.#drainTimeout });
    if (!(await drainWithin(this.subscriptions, this.#drainTimeout))) {
      late("handlers still running after the drain timeout; stopped them");
    }
    if (!(await within(Promise.allSettled(this.#closables.map((c) => c.close())), left()))) {
      late("publishes still pending after the drain timeout; closing anyway");
    }
    const nc = this.#nc;
    if (nc.isClosed()) return;
    // A failing last step is as good as done: close goes on and never rejects.
    const quietly = (step: Promise<unknown>) => step.catch(() => {});
    if (!this.#owned) {
      await within(quietly(nc.flush()), left());
    } else if (!(await within(quietly(nc.drain()), left()))) {
      const error = new TimeoutError("drain", undefined, this.#drainTimeout);
      this.#logger.warn("close: connection drain timed out; closing", { error });
      await within(quietly(nc.close()), finalStepMs);
    }
  }
}

/** The least time given to each last step of close (closing publishers, draining the connection). */
const finalStepMs = 250;
