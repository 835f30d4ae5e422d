import { describe, expect, it } from "vitest";
import type { HandlerContext } from "../src/index.js";
import { DispatchSubscription, drainWithin, type SubscriptionSource } from "../src/internal.js";
import { deferred } from "./helpers.js";

const source = (): SubscriptionSource<number> => ({ stop: async () => {}, drain: async () => {} });

describe("drainWithin: drains subscriptions, stops them past the budget", () => {
  it("true when every subscription drained in time", async () => {
    const subs = [0, 1].map(() =>
      new DispatchSubscription(async () => {}, { subject: "s" }).attach(source()),
    );
    subs.forEach((sub, i) => {
      sub.deliver(i);
    });
    expect(await drainWithin(subs, 1000)).toBe(true);
    for (const sub of subs) await expect(sub.closed).resolves.toBeUndefined();
  });

  it("false past the budget: a handler still running has its signal aborted and every subscription ends", async () => {
    const never = deferred();
    let signal: AbortSignal | undefined;
    const stuck = new DispatchSubscription(
      async (_: number, context: HandlerContext) => {
        signal = context.signal;
        await never.promise;
      },
      { subject: "stuck" },
    ).attach(source());
    const quick = new DispatchSubscription(async () => {}, { subject: "quick" }).attach(source());
    stuck.deliver(1);
    expect(await drainWithin([stuck, quick], 20)).toBe(false);
    expect(signal?.aborted).toBe(true);
    await Promise.all([stuck.closed, quick.closed]);
  });
});
