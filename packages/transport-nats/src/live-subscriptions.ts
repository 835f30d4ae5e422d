import type { Subscription } from "@natsflux/core";

/** The subscriptions a subscriber or responder started and that have not ended yet, for `close()`. */
export class LiveSubscriptions {
  readonly #subscriptions = new Set<Subscription>();

  add(subscription: Subscription): void {
    this.#subscriptions.add(subscription);
    const remove = () => this.#subscriptions.delete(subscription);
    subscription.closed.then(remove, remove);
  }

  /** Drains every live subscription; failures of one do not keep the others from draining. */
  async drainAll(): Promise<void> {
    await Promise.allSettled([...this.#subscriptions].map((subscription) => subscription.drain()));
  }
}
