import type { DropReporter, SubscriptionSource } from "@natsflux/core/internal";
import type { BrokerSubscription } from "./broker-types.js";

/**
 * Lets the shared subscription machinery stop or drain a broker subscription. As on Core NATS, messages a
 * `stop()` leaves unhandled are reported as dropped, and the final count is out before `closed` settles.
 */
export function brokerSource<M>(
  subscription: BrokerSubscription,
  drops: DropReporter,
): SubscriptionSource<M> {
  return {
    stop: async () => {
      subscription.unsubscribe();
      drops.flush();
    },
    drain: async () => {
      await subscription.drain();
      drops.flush();
    },
    discard: (items) => drops.discard(items.length),
  };
}
