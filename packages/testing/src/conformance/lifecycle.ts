import { ClosedError, type HandlerContext } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type Harness, Recorder, settleDelivery } from "./harness.js";
import { isPending, waitFor, within } from "./wait-for.js";

/** A concurrency-1 subscription whose first message blocks, with three more received behind it. */
async function blockedSubscription(h: Harness, name: string) {
  const subject = h.subject("lifecycle", name);
  const gate = h.gate();
  const started: number[] = [];
  const finished: number[] = [];
  const contexts: HandlerContext[] = [];
  const subscriber = h.subscriber<number>();
  const subscription = await subscriber.subscribe(subject, async (message, context) => {
    started.push(message.payload);
    contexts.push(context);
    if (message.payload === 1) await gate.opened;
    finished.push(message.payload);
  });
  const publisher = h.publisher<number>();
  await publisher.publish(subject, 1);
  await waitFor(() => started.length === 1);
  for (const n of [2, 3, 4]) await publisher.publish(subject, n);
  // The queued messages have reached the subscriber before stop/drain is called.
  await settleDelivery(h, subscriber, publisher, -1);
  expect(started).toEqual([1]);
  return { subject, gate, started, finished, contexts, subscription, publisher, subscriber };
}

export function lifecycleTests(h: Harness): void {
  describe("lifecycle", () => {
    it("stop() aborts the handler signal, waits for the in-flight handler and drops queued messages", async () => {
      const s = await blockedSubscription(h, "stop");
      const stopped = s.subscription.stop();
      await waitFor(() => s.contexts[0]?.signal.aborted === true, 5000, "the handler's signal to abort");
      expect(await isPending(stopped)).toBe(true);
      expect(await isPending(s.subscription.closed)).toBe(true);

      s.gate.open();
      await within(stopped, 5000, "stop()");
      await within(s.subscription.closed, 5000, "closed after stop");
      expect(s.finished).toEqual([1]);
      await s.publisher.publish(s.subject, 5);
      await settleDelivery(h, s.subscriber, s.publisher, -1);
      expect(s.started).toEqual([1]);
    });

    it("drain() handles the messages already received, then resolves", async () => {
      const s = await blockedSubscription(h, "drain");
      const drained = s.subscription.drain();
      expect(await isPending(drained)).toBe(true);
      expect(s.contexts[0]?.signal.aborted).toBe(false);

      s.gate.open();
      await within(drained, 5000, "drain()");
      await within(s.subscription.closed, 5000, "closed after drain");
      expect(s.finished).toEqual([1, 2, 3, 4]);
      await s.publisher.publish(s.subject, 5);
      await settleDelivery(h, s.subscriber, s.publisher, -1);
      expect(s.started).toEqual([1, 2, 3, 4]);
    });

    it("close() is a graceful drain", async () => {
      const s = await blockedSubscription(h, "close");
      const closed = s.subscription.close();
      expect(await isPending(closed)).toBe(true);
      s.gate.open();
      await within(closed, 5000, "close()");
      expect(s.finished).toEqual([1, 2, 3, 4]);
    });

    it("subscription close, stop, drain and Symbol.asyncDispose are idempotent", async () => {
      const subject = h.subject("lifecycle", "idempotent");
      const got = new Recorder<number>();
      const subscriber = h.subscriber<number>();
      const subscription = await subscriber.subscribe(subject, got.handler);
      await Promise.all([
        subscription.close(),
        subscription.close(),
        subscription.stop(),
        subscription.drain(),
      ]);
      await subscription[Symbol.asyncDispose]();
      await subscription.close();
      await within(subscription.closed, 5000, "closed");
      expect(subscription.inFlight).toBe(0);

      const disposed = await subscriber.subscribe(h.subject("lifecycle", "dispose"), got.handler);
      await disposed[Symbol.asyncDispose]();
      await within(disposed.closed, 5000, "closed after asyncDispose");
    });

    it("a closed publisher is idempotent and rejects publish with ClosedError", async () => {
      const publisher = h.publisher<number>();
      await publisher.publish(h.subject("lifecycle", "pub"), 1);
      await Promise.all([publisher.close(), publisher.close()]);
      await publisher[Symbol.asyncDispose]();
      await expect(publisher.publish(h.subject("lifecycle", "pub"), 2)).rejects.toBeInstanceOf(ClosedError);
    });

    it("closing a subscriber drains its subscriptions; later subscribes reject with ClosedError", async () => {
      const subject = h.subject("lifecycle", "subscriber");
      const gate = h.gate();
      const finished: number[] = [];
      const subscriber = h.subscriber<number>();
      const handler = async (message: { payload: number }) => {
        if (message.payload === 1) await gate.opened;
        finished.push(message.payload);
      };
      const subscription = await subscriber.subscribe(subject, handler);
      const stream = await subscriber.messages(h.subject("lifecycle", "subscriber-stream"));
      await h.publisher<number>().publish(subject, 1);
      await waitFor(() => subscription.inFlight === 1);

      const closing = subscriber.close();
      const again = subscriber.close();
      expect(await isPending(closing)).toBe(true);
      gate.open();
      await within(Promise.all([closing, again]), 5000, "subscriber.close()");
      await subscriber[Symbol.asyncDispose]();
      expect(finished).toEqual([1]);
      await within(subscription.closed, 5000, "subscription closed with its subscriber");
      await within(stream.closed, 5000, "stream closed with its subscriber");
      await expect(subscriber.subscribe(subject, handler)).rejects.toBeInstanceOf(ClosedError);
      await expect(subscriber.messages(subject)).rejects.toBeInstanceOf(ClosedError);
    });
  });
}
