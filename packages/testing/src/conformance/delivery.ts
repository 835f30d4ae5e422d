import { jsonCodec } from "@natsflux/codec-json";
import { describe, expect, it } from "vitest";
import { type Harness, Recorder } from "./harness.js";
import { waitFor } from "./wait-for.js";

interface Order {
  readonly id: number;
  readonly sku: string;
  readonly tags: string[];
  readonly detail: { readonly amount: number; readonly paid: boolean; readonly note: string | null };
}

function order(id: number): Order {
  return {
    id,
    sku: `sku-${id}`,
    tags: ["a", `t${id}`],
    detail: { amount: id * 1.25, paid: id % 2 === 0, note: id % 3 === 0 ? null : "ok" },
  };
}

export function deliveryTests(h: Harness): void {
  describe("delivery", () => {
    it("delivers decoded values in publish order at concurrency 1", async () => {
      const codec = jsonCodec<Order>();
      const subject = h.subject("orders", "created");
      const got = new Recorder<Order>();
      await h.subscriber(codec).subscribe(subject, got.handler, { onStatus: got.onStatus });
      const publisher = h.publisher(codec);
      const sent = Array.from({ length: 25 }, (_, i) => order(i));
      for (const value of sent) await publisher.publish(subject, value);

      await got.waitForMessages(sent.length);
      expect(got.payloads).toEqual(sent);
      for (const message of got.messages) {
        expect(message.subject).toBe(subject);
        expect(message.data).toBeInstanceOf(Uint8Array);
        expect(codec.decode(message.data)).toEqual(message.payload);
        expect(typeof message.headers).toBe("object");
      }
      expect(got.events.filter((e) => e.type === "handler_error")).toEqual([]);
    });

    it("runs async handlers one at a time, in order, at concurrency 1", async () => {
      const subject = h.subject("sequential");
      const log: string[] = [];
      let running = 0;
      let maxRunning = 0;
      await h.subscriber<number>().subscribe(subject, async (message) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        log.push(`start ${message.payload}`);
        // Earlier messages take longer: a transport that overlaps them would finish out of order.
        await new Promise((resolve) => setTimeout(resolve, (5 - message.payload) * 3));
        log.push(`end ${message.payload}`);
        running--;
      });
      const publisher = h.publisher<number>();
      for (let i = 0; i < 5; i++) await publisher.publish(subject, i);

      await waitFor(
        () => log.length === 10,
        5000,
        () => `10 log entries, got ${JSON.stringify(log)}`,
      );
      expect(maxRunning).toBe(1);
      expect(log).toEqual([0, 1, 2, 3, 4].flatMap((i) => [`start ${i}`, `end ${i}`]));
    });

    it("round-trips JSON values of every shape, unicode and a large payload", async () => {
      const subject = h.subject("shapes");
      const got = new Recorder<unknown>();
      await h.subscriber().subscribe(subject, got.handler);
      const publisher = h.publisher();
      const large = "x".repeat(200_000);
      const values: unknown[] = [
        "héllo ✓ 🚀 こんにちは",
        42,
        -0.5,
        true,
        false,
        null,
        [1, [2, [3]]],
        {},
        [],
        large,
      ];
      for (const value of values) await publisher.publish(subject, value);

      await got.waitForMessages(values.length);
      expect(got.payloads).toEqual(values);
    });

    it("gives every plain subscriber every message", async () => {
      const subject = h.subject("fanout");
      const a = new Recorder<number>();
      const b = new Recorder<number>();
      await h.subscriber<number>().subscribe(subject, a.handler);
      await h.subscriber<number>().subscribe(subject, b.handler);
      const publisher = h.publisher<number>();
      for (let i = 0; i < 5; i++) await publisher.publish(subject, i);

      await a.waitForMessages(5);
      await b.waitForMessages(5);
      expect(a.payloads).toEqual([0, 1, 2, 3, 4]);
      expect(b.payloads).toEqual([0, 1, 2, 3, 4]);
    });

    it("delivers only messages published to the subscribed subject", async () => {
      const got = new Recorder<string>();
      await h.subscriber<string>().subscribe(h.subject("a"), got.handler);
      const publisher = h.publisher<string>();
      await publisher.publish(h.subject("b"), "to b");
      await publisher.publish(h.subject("a", "deeper"), "to a.deeper");
      await publisher.publish(h.subject("a"), "to a");
      await publisher.publish(h.subject("a"), "sentinel");

      await got.waitForMessages(2);
      // In-order delivery: anything misrouted would have arrived before the sentinel.
      expect(got.payloads).toEqual(["to a", "sentinel"]);
      expect(got.messages.map((m) => m.subject)).toEqual([h.subject("a"), h.subject("a")]);
    });

    it("reports running handlers in inFlight", async () => {
      const subject = h.subject("inflight");
      const gate = h.gate();
      let started = 0;
      const subscription = await h.subscriber<number>().subscribe(subject, async () => {
        started++;
        await gate.opened;
      });
      expect(subscription.subject).toBe(subject);
      expect(subscription.inFlight).toBe(0);
      await h.publisher<number>().publish(subject, 1);
      await waitFor(() => started === 1);
      expect(subscription.inFlight).toBe(1);
      gate.open();
      await waitFor(() => subscription.inFlight === 0);
    });
  });
}
