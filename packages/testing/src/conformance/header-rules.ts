import { ConfigError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type Harness, Recorder } from "./harness.js";

/** Headers a NATS connection cannot carry, and the rule each one breaks (core's `headerProblem`). */
const refused: ReadonlyArray<readonly [string, Record<string, unknown>, RegExp]> = [
  ["an empty name", { "": "v" }, /must not be empty/],
  ["':' in a name", { "a:b": "v" }, /printable ASCII/],
  ["a space in a name", { "a b": "v" }, /printable ASCII/],
  ["a non-ASCII name", { é: "v" }, /printable ASCII/],
  ["CR/LF in a value", { k: "v\r\nInjected: x" }, /CR or LF/],
  ["a value that is not a string", { k: 7 }, /must be strings, got number/],
];

/**
 * Header validation is the NATS adapter's (transport-nats, used by JetStream) and the memory broker's, both
 * stating core's rules: every transport refuses the same headers with the same ConfigError, before sending.
 */
export function headerRuleTests(h: Harness): void {
  describe("header rules", () => {
    for (const [what, headers, rule] of refused) {
      it(`refuse ${what} with a ConfigError naming the header, before anything is sent`, async () => {
        const subject = h.subject("header-rules");
        const got = new Recorder<number>();
        await h.subscriber<number>().subscribe(subject, got.handler);
        const publisher = h.publisher<number>();
        const attempt = Promise.resolve().then(() =>
          publisher.publish(subject, 1, { headers: headers as Record<string, string> }),
        );
        const error = await attempt.then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).field).toBe(`headers[${JSON.stringify(Object.keys(headers)[0])}]`);
        expect((error as ConfigError).message).toMatch(rule);

        // Nothing went out: the next message is the first the subscriber sees.
        await publisher.publish(subject, 2);
        await got.waitForMessages(1);
        expect(got.payloads).toEqual([2]);
      });
    }

    it("trim values as the NATS header block does", async () => {
      const subject = h.subject("header-rules", "trim");
      const got = new Recorder<number>();
      await h.subscriber<number>().subscribe(subject, got.handler);
      await h.publisher<number>().publish(subject, 1, { headers: { k: "  padded value \t" } });
      await got.waitForMessages(1);
      expect(got.messages[0]?.headers.k).toBe("padded value");
    });
  });
}
