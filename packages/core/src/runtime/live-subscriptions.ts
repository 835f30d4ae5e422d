import type { Subscription } from "../subscription.js";

/**
 * The subscriptions a subscriber or responder started that have not ended yet, so closing it drains
 * them all. Each is forgotten when it ends, however it ends.
 */
export class LiveSubscriptions {
  readonly #subscriptions = new Set<Subscription>();

  /** Tracks `subscription` until it ends; `onEnd` runs then too (e.g. to stop watching the connection). */
  add<S extends Subscription>(subscription: S, onEnd?: () => void): S {
    this.#subscriptions.add(subscription);
    const forget = () => {
      this.#subscriptions.delete(subscription);
      onEnd?.();
    };
    // Both branches: `closed` rejects when a subscription fails, and that must not go unhandled here.
    subscription.closed.then(forget, forget);
    return subscription;
  }

  /** How many are live. */
  get size(): number {
    return this.#subscriptions.size;
  }

  /** Drains every live subscription; a failure of one does not keep the others from draining. */
  async drainAll(): Promise<void> {
    await Promise.allSettled([...this.#subscriptions].map((subscription) => subscription.drain()));
  }
}
