import { describe, expect, it } from "vitest";
import { type Harness, Recorder } from "./harness.js";
import { waitFor } from "./wait-for.js";

export function handlerErrorTests(h: Harness): void {
  describe("handler errors", () => {
    it("reports a throwing or rejecting handler as handler_error and delivers the next messages", async () => {
      const subject = h.subject("handler", "errors");
      const got = new Recorder<number>();
      const syncFailure = new Error("sync failure");
      const asyncFailure = new Error("async failure");
      const seen: number[] = [];
      await h.subscriber<number>().subscribe(
        subject,
        (message) => {
          seen.push(message.payload);
          if (message.payload === 1) throw syncFailure;
          if (message.payload === 2) return Promise.reject(asyncFailure);
          return undefined;
        },
        { onStatus: got.onStatus },
      );
      const publisher = h.publisher<number>();
      for (let i = 0; i < 4; i++) await publisher.publish(subject, i);

      await waitFor(
        () => seen.length === 4,
        5000,
        () => `4 messages, got ${JSON.stringify(seen)}`,
      );
      await got.waitForHandlerErrors(2);
      expect(seen).toEqual([0, 1, 2, 3]);
      // Acknowledging transports add the delivery count and their decision.
      expect(got.events.filter((e) => e.type === "handler_error")).toMatchObject([
        { type: "handler_error", subject, error: syncFailure },
        { type: "handler_error", subject, error: asyncFailure },
      ]);
    });

    it("survives handler errors without a status listener", async () => {
      const subject = h.subject("handler", "unobserved");
      let calls = 0;
      await h.subscriber<number>().subscribe(subject, () => {
        calls++;
        throw new Error("nobody listens");
      });
      const publisher = h.publisher<number>();
      for (let i = 0; i < 3; i++) await publisher.publish(subject, i);

      await waitFor(
        () => calls === 3,
        5000,
        () => `3 handler calls, got ${calls}`,
      );
    });

    it("survives a status listener that throws", async () => {
      const subject = h.subject("handler", "bad-listener");
      let calls = 0;
      await h.subscriber<number>().subscribe(
        subject,
        () => {
          calls++;
          throw new Error("handler failure");
        },
        {
          onStatus: () => {
            throw new Error("listener failure");
          },
        },
      );
      const publisher = h.publisher<number>();
      for (let i = 0; i < 3; i++) await publisher.publish(subject, i);

      await waitFor(
        () => calls === 3,
        5000,
        () => `3 handler calls, got ${calls}`,
      );
    });
  });
}
