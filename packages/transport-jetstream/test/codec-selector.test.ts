import { jetstream } from "@nats-io/jetstream";
import { jsonCodec } from "@natsflux/codec-json";
import {
  type Codec,
  DecodeError,
  NonRetryableError,
  noopTelemetry,
  type ProcessOperation,
  type Settlement,
  type StatusEvent,
  type Telemetry,
} from "@natsflux/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JetStreamSubscriber } from "../src/index.js";
import { freshStream, type TestEnv, testEnv, until } from "./support.js";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

/** Records every settlement it is told about, with the subject. */
function settlements() {
  const seen: Array<{ subject: string; settlement: Settlement }> = [];
  const telemetry: Telemetry = {
    ...noopTelemetry,
    settled(operation: ProcessOperation, settlement: Settlement) {
      seen.push({ subject: operation.subject, settlement });
    },
  };
  return { telemetry, seen };
}

const enc = new TextEncoder();

describe("a codec chosen per subject", () => {
  it("decodes with the selected codec, terms subjects without one, and reports every settlement", async () => {
    const stream = await freshStream(env.nc);
    const numbers = jsonCodec<unknown>();
    const select = (subject: string): Codec<unknown> | undefined =>
      subject.endsWith(".known") || subject.endsWith(".fails") || subject.endsWith(".poison")
        ? numbers
        : undefined;
    const { telemetry, seen } = settlements();
    const status: StatusEvent[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, select, { telemetry });
    const handled: unknown[] = [];
    await subscriber.subscribe(
      { stream, config: { durable: "selected" } },
      (message) => {
        handled.push(message.payload);
        if (message.subject.endsWith(".fails")) throw new Error("retry me");
        if (message.subject.endsWith(".poison")) throw new NonRetryableError("poison");
      },
      {
        onStatus: (event) => status.push(event),
        retryPolicy: (error) =>
          error instanceof NonRetryableError || error instanceof DecodeError
            ? { action: "term" }
            : { action: "nak", delayMs: 60_000 },
      },
    );
    const js = jetstream(env.nc);
    await js.publish(`${stream}.known`, enc.encode("1"));
    await js.publish(`${stream}.unknown`, enc.encode("2"));
    await js.publish(`${stream}.known`, enc.encode("{not json"));
    await js.publish(`${stream}.fails`, enc.encode("3"));
    await js.publish(`${stream}.poison`, enc.encode("4"));
    await until(() => seen.length === 5, 5000, "five settlements");

    expect(handled).toEqual([1, 3, 4]);
    expect(
      seen.map((s) => [
        s.subject.slice(stream.length + 1),
        s.settlement.decision.action,
        s.settlement.rejected,
      ]),
    ).toEqual([
      ["known", "ack", undefined],
      ["unknown", "term", "unroutable"],
      ["known", "term", "undecodable"],
      ["fails", "nak", undefined],
      ["poison", "term", undefined],
    ]);
    expect(seen[1]?.settlement.decision).toEqual({ action: "term", reason: "no handler for routing key" });
    expect(seen[2]?.settlement.error).toBeInstanceOf(DecodeError);
    expect(seen[3]?.settlement.decision).toEqual({ action: "nak", delayMs: 60_000 });
    for (const { settlement } of seen) expect(settlement.durationMs).toBeGreaterThanOrEqual(0);

    // The failures carry what a rate-limited failure log needs.
    const failures = status.filter((e) => e.type === "handler_error");
    expect(failures.map((e) => e.type === "handler_error" && [e.deliveryCount, e.decision?.action])).toEqual([
      [1, "term"],
      [1, "nak"],
      [1, "term"],
    ]);
    // Settled on the server: only the nak'd message is still pending (it waits for its delay).
    let info = await env.jsm.consumers.info(stream, "selected");
    while (info.num_ack_pending !== 1) info = await env.jsm.consumers.info(stream, "selected");
    expect(info.num_redelivered).toBe(0);
  });
});
