import { describe, expect, it } from "vitest";
import { type Harness, Recorder } from "./harness.js";

export function wildcardTests(h: Harness): void {
  describe.skipIf(h.target.capabilities?.wildcards === false)("wildcards", () => {
    it("`*` matches exactly one token", async () => {
      const got = new Recorder<string>();
      await h.subscriber<string>().subscribe(h.subject("*", "created"), got.handler);
      const publisher = h.publisher<string>();
      const sends: Array<[string, string]> = [
        [h.subject("order", "created"), "match"],
        [h.subject("order", "line", "created"), "two tokens"],
        [h.subject("created"), "no token"],
        [h.subject("order", "updated"), "other last token"],
        [h.subject("order", "created", "extra"), "trailing token"],
        [h.subject("invoice", "created"), "match 2"],
      ];
      for (const [subject, value] of sends) await publisher.publish(subject, value);

      await got.waitForMessages(2);
      expect(got.payloads).toEqual(["match", "match 2"]);
      // The message carries the concrete subject it was published to, not the pattern.
      expect(got.messages.map((m) => m.subject)).toEqual([
        h.subject("order", "created"),
        h.subject("invoice", "created"),
      ]);
    });

    it("`>` matches one or more trailing tokens", async () => {
      const got = new Recorder<string>();
      await h.subscriber<string>().subscribe(h.subject("events", ">"), got.handler);
      const publisher = h.publisher<string>();
      const sends: Array<[string, string]> = [
        [h.subject("events"), "zero tokens"],
        [h.subject("events", "a"), "one"],
        [h.subject("other", "a"), "other prefix"],
        [h.subject("events", "a", "b", "c"), "three"],
        [h.subject("events", "z"), "sentinel"],
      ];
      for (const [subject, value] of sends) await publisher.publish(subject, value);

      await got.waitForMessages(3);
      expect(got.payloads).toEqual(["one", "three", "sentinel"]);
      expect(got.messages[1]?.subject).toBe(h.subject("events", "a", "b", "c"));
    });

    it("combines `*` and `>`", async () => {
      const got = new Recorder<string>();
      await h.subscriber<string>().subscribe(h.subject("*", "audit", ">"), got.handler);
      const publisher = h.publisher<string>();
      const sends: Array<[string, string]> = [
        [h.subject("eu", "audit", "login"), "match"],
        [h.subject("eu", "audit"), "nothing after audit"],
        [h.subject("eu", "west", "audit", "login"), "two tokens before"],
        [h.subject("us", "audit", "a", "b"), "match 2"],
      ];
      for (const [subject, value] of sends) await publisher.publish(subject, value);

      await got.waitForMessages(2);
      expect(got.payloads).toEqual(["match", "match 2"]);
    });

    it("a wildcard and an exact subscription each get the message", async () => {
      const exact = new Recorder<string>();
      const wild = new Recorder<string>();
      const subscriber = h.subscriber<string>();
      await subscriber.subscribe(h.subject("x", "y"), exact.handler);
      await subscriber.subscribe(h.subject("x", "*"), wild.handler);
      await h.publisher<string>().publish(h.subject("x", "y"), "both");

      await exact.waitForMessages(1);
      await wild.waitForMessages(1);
      expect(exact.payloads).toEqual(["both"]);
      expect(wild.payloads).toEqual(["both"]);
    });
  });
}
