import { AbortedError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type Harness, Recorder, settleDelivery } from "./harness.js";
import { isPending, waitFor, within } from "./wait-for.js";

export function cancellationTests(h: Harness): void {
  describe("cancellation", () => {
    it("an abort signal stops the subscription: nothing is delivered afterwards", async () => {
      const subject = h.subject("abort");
      const controller = new AbortController();
      const got = new Recorder<number>();
      const subscriber = h.subscriber<number>();
      const subscription = await subscriber.subscribe(subject, got.handler, { signal: controller.signal });
      const publisher = h.publisher<number>();
      await publisher.publish(subject, 1);
      await got.waitForMessages(1);

      controller.abort();
      await within(subscription.closed, 5000, "closed after abort");
      await publisher.publish(subject, 2);
      await settleDelivery(h, subscriber, publisher, -1);
      expect(got.payloads).toEqual([1]);
    });

    it("an abort signal aborts the running handler's signal and closed waits for the handler", async () => {
      const subject = h.subject("abort", "inflight");
      const controller = new AbortController();
      const gate = h.gate();
      const got = new Recorder<number>();
      const subscription = await h.subscriber<number>().subscribe(
        subject,
        async (message, context) => {
          got.handler(message, context);
          await gate.opened;
        },
        { signal: controller.signal },
      );
      await h.publisher<number>().publish(subject, 1);
      await got.waitForMessages(1);
      expect(got.contexts[0]?.signal.aborted).toBe(false);

      controller.abort();
      await waitFor(() => got.contexts[0]?.signal.aborted === true, 5000, "the handler's signal to abort");
      expect(await isPending(subscription.closed)).toBe(true);
      gate.open();
      await within(subscription.closed, 5000, "closed after the handler returned");
    });

    it("subscribe() and messages() reject with AbortedError for an already-aborted signal", async () => {
      const controller = new AbortController();
      controller.abort();
      const subscriber = h.subscriber<number>();
      let calls = 0;
      await expect(
        subscriber.subscribe(h.subject("pre"), () => void calls++, { signal: controller.signal }),
      ).rejects.toBeInstanceOf(AbortedError);
      await expect(
        subscriber.messages(h.subject("pre"), { signal: controller.signal }),
      ).rejects.toBeInstanceOf(AbortedError);
      const publisher = h.publisher<number>();
      await publisher.publish(h.subject("pre"), 1);
      await settleDelivery(h, subscriber, publisher, -1);
      expect(calls).toBe(0);
    });

    it("publish() rejects with AbortedError for an already-aborted signal and sends nothing", async () => {
      const subject = h.subject("abort", "publish");
      const got = new Recorder<string>();
      await h.subscriber<string>().subscribe(subject, got.handler);
      const publisher = h.publisher<string>();
      const controller = new AbortController();
      controller.abort();
      await expect(
        publisher.publish(subject, "aborted", { signal: controller.signal }),
      ).rejects.toBeInstanceOf(AbortedError);
      await publisher.publish(subject, "sentinel");
      await got.waitForMessages(1);
      expect(got.payloads).toEqual(["sentinel"]);
    });
  });
}
