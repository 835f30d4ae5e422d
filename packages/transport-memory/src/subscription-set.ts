import type { Subscription } from "@natsflux/core";

/** The live subscriptions of a subscriber or responder, so closing it drains them all. */
export class SubscriptionSet {
  readonly #live = new Set<Subscription>();

  add<S extends Subscription>(subscription: S): S {
    this.#live.add(subscription);
    const forget = () => this.#live.delete(subscription);
    // Both branches: `closed` rejects when a subscription fails, and that must not go unhandled here.
    subscription.closed.then(forget, forget);
    return subscription;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#live].map((s) => s.close()));
  }
}
