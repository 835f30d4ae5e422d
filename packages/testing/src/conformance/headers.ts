import { jsonCodec } from "@natsflux/codec-json";
import { describe, expect, it } from "vitest";
import { type Harness, Recorder } from "./harness.js";

const sent = {
  "ce-id": "a1b2c3",
  "ce-type": "com.example.order.created",
  "X-MiXeD-Case": "Value With Spaces",
  "ce-source": "urn:example:orders",
};

/** Keys of `headers` that equal `key` ignoring case: exactly `[key]` when case was kept. */
function sameKeyIgnoringCase(headers: Readonly<Record<string, string>>, key: string): string[] {
  return Object.keys(headers).filter((k) => k.toLowerCase() === key.toLowerCase());
}

export function headerTests(h: Harness): void {
  describe("headers", () => {
    it("round-trip with exact-case keys and exact values", async () => {
      const subject = h.subject("headers");
      const got = new Recorder<number>();
      await h.subscriber<number>().subscribe(subject, got.handler);
      await h.publisher<number>().publish(subject, 1, { headers: sent });

      await got.waitForMessages(1);
      const headers = got.messages[0]?.headers ?? {};
      expect(headers).toMatchObject(sent);
      for (const key of Object.keys(sent)) expect(sameKeyIgnoringCase(headers, key)).toEqual([key]);
    });

    it("accept an iterable of pairs", async () => {
      const subject = h.subject("headers", "pairs");
      const got = new Recorder<number>();
      await h.subscriber<number>().subscribe(subject, got.handler);
      await h.publisher<number>().publish(subject, 1, {
        headers: new Map([
          ["ce-id", "pair-1"],
          ["X-MiXeD-Case", "v"],
        ]),
      });

      await got.waitForMessages(1);
      expect(got.messages[0]?.headers).toMatchObject({ "ce-id": "pair-1", "X-MiXeD-Case": "v" });
    });

    it("belong to their own message only", async () => {
      const subject = h.subject("headers", "isolation");
      const got = new Recorder<number>();
      await h.subscriber<number>().subscribe(subject, got.handler);
      const publisher = h.publisher<number>();
      await publisher.publish(subject, 1, { headers: { "ce-id": "first" } });
      await publisher.publish(subject, 2);
      await publisher.publish(subject, 3, { headers: { "ce-id": "third" } });

      await got.waitForMessages(3);
      expect(got.messages[0]?.headers["ce-id"]).toBe("first");
      expect(got.messages[1]?.headers).toBeTypeOf("object");
      expect(got.messages[1]?.headers["ce-id"]).toBeUndefined();
      expect(got.messages[2]?.headers["ce-id"]).toBe("third");
    });

    it("sent raw arrive unchanged with the decoded payload", async () => {
      const subject = h.subject("headers", "raw");
      const got = new Recorder<{ n: number }>();
      await h.subscriber<{ n: number }>().subscribe(subject, got.handler);
      await h.ctx.publishRaw(subject, jsonCodec().encode({ n: 7 }), {
        "ce-id": "raw-1",
        "X-MiXeD-Case": "raw",
      });

      await got.waitForMessages(1);
      expect(got.payloads).toEqual([{ n: 7 }]);
      expect(got.messages[0]?.headers).toMatchObject({ "ce-id": "raw-1", "X-MiXeD-Case": "raw" });
    });
  });
}
