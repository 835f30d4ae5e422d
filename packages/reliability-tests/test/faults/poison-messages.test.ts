import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { backoffRetryPolicy, NonRetryableError, type RetryPolicy } from "@natsflux/core";
import {
  addConsumerNameSuffix,
  type Connection,
  eventStreamConsumer,
  type Setup,
  withBackOff,
  withImmediateRedelivery,
  withMaxDeliver,
} from "@natsflux/messaging";
import { type NatsServer, startServer, until } from "@natsflux/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { captureLogger, facade, type LogEntry, report, waitFor } from "../support/helpers.js";

let server: NatsServer;
let raw: NatsConnection;
let jsm: JetStreamManager;
const open: Connection[] = [];

beforeAll(async () => {
  server = await startServer();
  raw = await connect({ servers: server.url });
  jsm = await jetstreamManager(raw);
});

beforeEach(async () => {
  for await (const name of jsm.streams.names()) await jsm.streams.delete(name);
});

afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await raw?.close();
  await server?.[Symbol.asyncDispose]();
});

async function service(name: string, ...setups: Setup[]) {
  const logger = captureLogger();
  const conn = facade({ serviceName: name, servers: server.url, logger });
  open.push(conn);
  await conn.start(...setups);
  return { conn, logger };
}

/** Arrival times (ms) of every delivery of an always-failing handler. */
function alwaysFailing(): { arrivals: number[]; handler: () => never } {
  const arrivals: number[] = [];
  return {
    arrivals,
    handler: () => {
      arrivals.push(performance.now());
      throw new Error("downstream unavailable");
    },
  };
}

function gapsOf(arrivals: readonly number[]): number[] {
  return arrivals.slice(1).map((at, i) => Math.round(at - (arrivals[i] as number)));
}

/** Each gap between deliveries within 10% of the delay configured for it. */
function expectGaps(arrivals: readonly number[], expected: readonly number[]): void {
  const gaps = gapsOf(arrivals).slice(0, expected.length);
  expect(gaps).toHaveLength(expected.length);
  gaps.forEach((gap, i) => {
    const want = expected[i] as number;
    expect(gap, `gap ${i + 1} of ${gaps.join(", ")} ms`).toBeGreaterThanOrEqual(want * 0.9);
    expect(gap, `gap ${i + 1} of ${gaps.join(", ")} ms`).toBeLessThanOrEqual(want * 1.1);
  });
}

const errorLines = (entries: readonly LogEntry[]) => entries.filter((e) => e.level === "error");

/** Polls the server-side `check` every 50 ms, for at most 5 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  await until("the server-side condition", check, { intervalMs: 50 });
}

describe("poison messages: an always-failing handler", () => {
  it("default settings: redelivered after 1 s, then 5 s (core's default schedule), not in a hot loop", async () => {
    const { arrivals, handler } = alwaysFailing();
    const { logger } = await service("poison-default", eventStreamConsumer("Poison.Default", handler));
    await jetstream(raw).publish("events.Poison.Default", JSON.stringify({ n: 1 }));
    // Three deliveries by ~6 s (then every 30 s); before the fix it was 21 000-36 000 in 10 s.
    await waitFor(() => arrivals.length >= 3, 9000, "three deliveries");
    expectGaps(arrivals, scheduleOf(backoffRetryPolicy(), 3));
    const info = await jsm.consumers.info("events", "poison-default");
    expect(info.delivered.consumer_seq).toBe(3);
    expect(arrivals).toHaveLength(3);
    expect(errorLines(logger.entries)).toHaveLength(3);
    // The schedule just measured, extended to a minute: 1 + 5 + 30 s, so 4 deliveries (bound: 20).
    const perMinute = deliveriesWithin(backoffRetryPolicy(), 60_000);
    expect(perMinute).toBeLessThanOrEqual(20);
    report("poison default schedule", {
      gapsMs: gapsOf(arrivals),
      deliveriesIn60s: perMinute,
      errorLines: errorLines(logger.entries).length,
    });
  }, 15_000);

  it("BackOff configured: the gaps between deliveries equal the BackOff", async () => {
    const { arrivals, handler } = alwaysFailing();
    await service(
      "poison-backoff",
      eventStreamConsumer("Poison.BackOff", handler, withBackOff(300, 900), withMaxDeliver(4)),
    );
    await jetstream(raw).publish("events.Poison.BackOff", JSON.stringify({ n: 1 }));
    await waitFor(() => arrivals.length >= 4, 6000, "four deliveries");
    // Before the fix the server added backoff[n-1] - backoff[0] to each nak delay: 300, 1500, 1500 ms.
    expectGaps(arrivals, [300, 900, 900]);
    // Declared as Go declares it: backoff and max_deliver; the server sets ack_wait to backoff[0].
    const { config } = await jsm.consumers.info("events", "poison-backoff");
    expect(config.backoff).toEqual([300_000_000, 900_000_000]);
    expect(config.max_deliver).toBe(4);
    expect(config.ack_wait).toBe(300_000_000);
    report("poison backoff 300/900", { gapsMs: gapsOf(arrivals) });
  }, 15_000);

  it("immediate redelivery (opt-in, as Go): loops hot until MaxDeliver, yet logs a bounded number of lines", async () => {
    const { arrivals, handler } = alwaysFailing();
    const { conn, logger } = await service(
      "poison-hot",
      eventStreamConsumer("Poison.Hot", handler, withImmediateRedelivery(), withMaxDeliver(300)),
    );
    const started = performance.now();
    await jetstream(raw).publish("events.Poison.Hot", JSON.stringify({ n: 1 }));
    await waitFor(() => arrivals.length === 300, 10_000, "300 deliveries");
    const elapsedMs = Math.round(performance.now() - started);
    // Back to back, yet only the first 5 failures of the 10 s window are logged one by one.
    expect(errorLines(logger.entries)).toHaveLength(5);
    expect(errorLines(logger.entries)[0]?.attributes).toMatchObject({
      routingKey: "Poison.Hot",
      consumer: "poison-hot",
      deliveryCount: 1,
      retryInMs: 0,
    });
    // The rest are summarised with their count when the window ends or, here, the service stops.
    await eventually(async () => (await jsm.consumers.info("events", "poison-hot")).num_ack_pending === 0);
    await conn.close();
    const summary = errorLines(logger.entries).filter((e) =>
      e.message.startsWith("handler failures not logged"),
    );
    expect(summary).toHaveLength(1);
    expect(summary[0]?.attributes).toMatchObject({
      consumer: "poison-hot",
      failures: 295,
      byRoutingKey: { "Poison.Hot": 295 },
    });
    report("poison immediate redelivery", {
      deliveries: arrivals.length,
      elapsedMs,
      errorLines: errorLines(logger.entries).length,
    });
  }, 15_000);

  it("a NonRetryableError is still terminated at once, with one warn line", async () => {
    let calls = 0;
    const { logger } = await service(
      "poison-term",
      eventStreamConsumer(
        "Poison.Term",
        () => {
          calls++;
          throw new NonRetryableError("bad data");
        },
        addConsumerNameSuffix("t"),
      ),
    );
    await jetstream(raw).publish("events.Poison.Term", JSON.stringify({ n: 1 }));
    const terminated = () => logger.entries.filter((e) => e.message.includes("non-retryable"));
    await waitFor(() => terminated().length === 1, 5000, "the term warning");
    await eventually(async () => (await jsm.consumers.info("events", "poison-term-t")).num_ack_pending === 0);
    expect(calls).toBe(1);
    expect(errorLines(logger.entries)).toHaveLength(0);
  });
});

/** The delays an always-failing message waits between its first `deliveries` deliveries. */
function scheduleOf(policy: RetryPolicy, deliveries: number): number[] {
  const delays: number[] = [];
  for (let count = 1; count < deliveries; count++) {
    const decision = policy(new Error("x"), count);
    delays.push(decision.action === "nak" ? (decision.delayMs ?? 0) : Number.POSITIVE_INFINITY);
  }
  return delays;
}

/** How many times an always-failing message is delivered within `windowMs` under `policy`. */
function deliveriesWithin(policy: RetryPolicy, windowMs: number): number {
  let at = 0;
  let count = 1;
  for (; count < 10_000; count++) {
    const decision = policy(new Error("x"), count);
    if (decision.action !== "nak") break;
    at += decision.delayMs ?? 0;
    if (at > windowMs) break;
  }
  return count;
}
