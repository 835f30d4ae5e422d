import type { Subscription } from "../subscription.js";
import { within } from "./within.js";

/**
 * Drains `subscriptions` together within `ms`; past it, stops them (handler signals abort, each settles
 * within the stop grace), so the wait is bounded even when a handler never finishes. True when they
 * drained in time. A failing subscription does not keep the others from draining.
 */
export async function drainWithin(subscriptions: readonly Subscription[], ms: number): Promise<boolean> {
  if (await within(Promise.allSettled(subscriptions.map((s) => s.drain())), ms)) return true;
  // stop() escalates the pending drains rather than starting over.
  await Promise.allSettled(subscriptions.map((s) => s.stop()));
  return false;
}
