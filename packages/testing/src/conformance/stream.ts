import type { Message } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type Harness, settleDelivery } from "./harness.js";
import { within } from "./wait-for.js";

export function streamTests(h: Harness): void {
  describe("for-await messages()", () => {
    it("yields decoded messages in order; breaking out ends the subscription", async () => {
      const subject = h.subject("stream");
      const stream = await h.subscriber<number>().messages(subject);
      expect(stream.subject).toBe(subject);
      const publisher = h.publisher<number>();
      for (let i = 0; i < 10; i++) await publisher.publish(subject, i);

      const received: Message<number>[] = [];
      await within(
        (async () => {
          for await (const message of stream) {
            received.push(message);
            if (received.length === 10) break;
          }
        })(),
        5000,
        "reading 10 messages",
      );
      expect(received.map((m) => m.payload)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(received.every((m) => m.subject === subject)).toBe(true);
      await within(stream.closed, 5000, "stream.closed after break");
    });

    it("waits for messages published after the loop started", async () => {
      const subject = h.subject("stream", "late");
      const stream = await h.subscriber<string>().messages(subject);
      const reader = (async () => {
        const seen: string[] = [];
        for await (const message of stream) {
          seen.push(message.payload);
          if (seen.length === 2) break;
        }
        return seen;
      })();
      const publisher = h.publisher<string>();
      await publisher.publish(subject, "one");
      await publisher.publish(subject, "two");
      expect(await within(reader, 5000, "reader")).toEqual(["one", "two"]);
    });

    it("drain() ends the loop after the messages already received", async () => {
      const subject = h.subject("stream", "drain");
      const subscriber = h.subscriber<number>();
      const stream = await subscriber.messages(subject);
      const publisher = h.publisher<number>();
      for (let i = 0; i < 3; i++) await publisher.publish(subject, i);
      await settleDelivery(h, subscriber, publisher, -1);

      await within(stream.drain(), 5000, "stream.drain()");
      const seen: number[] = [];
      await within(
        (async () => {
          for await (const message of stream) seen.push(message.payload);
        })(),
        5000,
        "loop ending after drain",
      );
      expect(seen).toEqual([0, 1, 2]);
      await stream.closed;
    });

    it("stop() ends a waiting loop", async () => {
      const subject = h.subject("stream", "stop");
      const stream = await h.subscriber<number>().messages(subject);
      const reader = (async () => {
        const seen: number[] = [];
        for await (const message of stream) seen.push(message.payload);
        return seen;
      })();
      await h.publisher<number>().publish(subject, 1);
      await within(stream.stop(), 5000, "stream.stop()");
      const seen = await within(reader, 5000, "loop ending after stop");
      // The one message may or may not have been read before stop; nothing else can have been.
      expect(seen.length).toBeLessThanOrEqual(1);
      await stream.closed;
    });

    it("an abort signal ends the loop", async () => {
      const subject = h.subject("stream", "abort");
      const controller = new AbortController();
      const stream = await h.subscriber<number>().messages(subject, { signal: controller.signal });
      const reader = (async () => {
        const seen: number[] = [];
        for await (const message of stream) {
          seen.push(message.payload);
          if (message.payload === 1) controller.abort();
        }
        return seen;
      })();
      await h.publisher<number>().publish(subject, 1);
      expect(await within(reader, 5000, "loop ending after abort")).toEqual([1]);
      await within(stream.closed, 5000, "stream.closed after abort");
    });

    it("close() is idempotent and Symbol.asyncDispose closes too", async () => {
      const subscriber = h.subscriber<number>();
      const first = await subscriber.messages(h.subject("stream", "close"));
      await Promise.all([first.close(), first.close()]);
      await first.close();
      await first.closed;
      const second = await subscriber.messages(h.subject("stream", "dispose"));
      await second[Symbol.asyncDispose]();
      await within(second.closed, 5000, "closed after asyncDispose");
    });
  });
}
