import type { StatusEvent } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type Harness, settleDelivery } from "./harness.js";
import { waitFor, within } from "./wait-for.js";

function dropped(events: ReadonlyArray<StatusEvent>): number {
  return events.reduce((sum, e) => sum + (e.type === "slow_consumer" ? e.dropped : 0), 0);
}

/**
 * Transports without flow control (Core NATS, the memory broker) cannot hold a publisher back: what does not
 * fit is dropped and reported as `slow_consumer` with the count (core's one DropReporter), never silently.
 */
export function slowConsumerTests(h: Harness): void {
  describe.runIf(h.target.capabilities?.slowConsumer === true)("slow consumer", () => {
    it("a full messages() buffer drops what does not fit and reports the count", async () => {
      const subject = h.subject("slow", "stream");
      const events: StatusEvent[] = [];
      const subscriber = h.subscriber<number>();
      const stream = await subscriber.messages(subject, {
        bufferSize: 2,
        onStatus: (event) => events.push(event),
      });
      const publisher = h.publisher<number>();
      for (let i = 0; i < 10; i++) await publisher.publish(subject, i);
      await settleDelivery(h, subscriber, publisher, -1);

      await waitFor(
        () => dropped(events) === 8,
        5000,
        () => `8 dropped in slow_consumer events, got ${JSON.stringify(events)}`,
      );
      expect(events.every((e) => e.type === "slow_consumer" && e.subject === subject)).toBe(true);
      const kept: number[] = [];
      for await (const message of stream) {
        kept.push(message.payload);
        if (kept.length === 2) break;
      }
      expect(kept).toEqual([0, 1]);
    });

    it("without a status listener, an overflow raises a process warning instead of dropping silently", async () => {
      const subject = h.subject("slow", "unobserved");
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => {
        if (warning.message.includes(`"${subject}"`)) warnings.push(warning);
      };
      process.on("warning", onWarning);
      try {
        const subscriber = h.subscriber<number>();
        await subscriber.messages(subject, { bufferSize: 1 });
        const publisher = h.publisher<number>();
        for (let i = 0; i < 5; i++) await publisher.publish(subject, i);
        await settleDelivery(h, subscriber, publisher, -1);
        await waitFor(() => warnings.length > 0, 5000, "a slow consumer warning");
        expect(warnings[0]).toMatchObject({ code: "NATSFLUX_SLOW_CONSUMER" });
      } finally {
        process.off("warning", onWarning);
      }
    });

    it("stop() reports the received messages it leaves unhandled, before closed settles", async () => {
      const subject = h.subject("slow", "stop");
      const gate = h.gate();
      const events: StatusEvent[] = [];
      const started: number[] = [];
      const subscriber = h.subscriber<number>();
      const subscription = await subscriber.subscribe(
        subject,
        async (message) => {
          started.push(message.payload);
          await gate.opened;
        },
        { onStatus: (event) => events.push(event) },
      );
      const publisher = h.publisher<number>();
      await publisher.publish(subject, 1);
      await waitFor(() => started.length === 1);
      for (const n of [2, 3, 4]) await publisher.publish(subject, n);
      await settleDelivery(h, subscriber, publisher, -1);

      const stopped = subscription.stop();
      gate.open();
      await within(stopped, 5000, "stop()");
      await within(subscription.closed, 5000, "closed after stop");
      expect(started).toEqual([1]);
      expect(events).toEqual([{ type: "slow_consumer", subject, dropped: 3 }]);
    });
  });
}
