import { describe, expect, it } from "vitest";
import { type Harness, settleDelivery } from "./harness.js";
import { waitFor } from "./wait-for.js";

export function concurrencyTests(h: Harness): void {
  describe("concurrency", () => {
    it("never runs more than `concurrency` handlers at once, and uses all of them", async () => {
      const subject = h.subject("concurrency");
      const limit = 3;
      const total = 8;
      const gate = h.gate();
      const started: number[] = [];
      let finished = 0;
      let running = 0;
      let maxRunning = 0;
      const subscriber = h.subscriber<number>();
      await subscriber.subscribe(
        subject,
        async (message) => {
          started.push(message.payload);
          running++;
          maxRunning = Math.max(maxRunning, running);
          await gate.opened;
          running--;
          finished++;
        },
        { concurrency: limit },
      );
      const publisher = h.publisher<number>();
      for (let i = 0; i < total; i++) await publisher.publish(subject, i);

      await waitFor(
        () => running === limit,
        5000,
        () => `${limit} running handlers, got ${running}`,
      );
      // Every message is in the client now; a transport ignoring the limit would have started more.
      await settleDelivery(h, subscriber, publisher, -1);
      expect(started).toHaveLength(limit);
      expect(maxRunning).toBe(limit);

      gate.open();
      await waitFor(
        () => finished === total,
        5000,
        () => `${total} finished, got ${finished}`,
      );
      expect(maxRunning).toBe(limit);
      expect([...started].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });

    it("starts the next message as soon as a slot frees up", async () => {
      const subject = h.subject("concurrency", "slots");
      const gates = new Map<number, () => void>();
      const started: number[] = [];
      await h.subscriber<number>().subscribe(
        subject,
        async (message) => {
          started.push(message.payload);
          const gate = h.gate();
          gates.set(message.payload, gate.open);
          await gate.opened;
        },
        { concurrency: 2 },
      );
      const publisher = h.publisher<number>();
      for (let i = 0; i < 4; i++) await publisher.publish(subject, i);

      await waitFor(() => started.length === 2);
      gates.get(started[1] as number)?.();
      await waitFor(
        () => started.length === 3,
        5000,
        () => `3 started, got ${JSON.stringify(started)}`,
      );
      for (const open of gates.values()) open();
      await waitFor(() => started.length === 4);
      for (const open of gates.values()) open();
    });

    it.each([[0], [-1], [1.5]])("rejects concurrency %s", async (concurrency) => {
      await expect(h.subscriber().subscribe(h.subject("bad"), () => {}, { concurrency })).rejects.toThrow();
    });
  });
}
