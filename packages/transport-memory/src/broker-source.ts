import type { SubscriptionSource } from "@natsflux/core/internal";
import type { BrokerSubscription } from "./broker-types.js";

/** Lets the shared subscription machinery stop or drain a broker subscription. */
export function brokerSource<M>(
  subscription: BrokerSubscription,
  discard?: (items: M[]) => void,
): SubscriptionSource<M> {
  const source: SubscriptionSource<M> = {
    stop: async () => subscription.unsubscribe(),
    drain: () => subscription.drain(),
  };
  return discard === undefined ? source : { ...source, discard };
}
