import { jetstream } from "@nats-io/jetstream";
import { backoffRetryPolicy, NonRetryableError } from "@natsflux/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addConsumerNameSuffix,
  type Connection,
  createConnection,
  eventStreamConsumer,
  type Logger,
  type Setup,
  withBackOff,
  withImmediateRedelivery,
  withMaxDeliver,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

const ctx = useServer();
const started: Connection[] = [];
beforeEach(() => ctx.reset());
afterEach(async () => {
  await Promise.allSettled(started.splice(0).map((c) => c.close()));
});

interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly attributes: Record<string, unknown> | undefined;
}

function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: string) =>
    (message: string, attributes?: Record<string, unknown>): void =>
      void lines.push({ level, message, attributes });
  return { lines, logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

async function service(name: string, logger: Logger, ...setups: Setup[]): Promise<Connection> {
  const conn = createConnection({ serviceName: name, servers: ctx.server.url, logger });
  started.push(conn);
  await conn.start(...setups);
  return conn;
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
  return arrivals.slice(1).map((at, i) => at - (arrivals[i] as number));
}

/** Each gap within 10% of the configured delay (and never early by more than timer jitter). */
function expectGaps(arrivals: readonly number[], expected: readonly number[]): void {
  const gaps = gapsOf(arrivals).slice(0, expected.length);
  expect(gaps).toHaveLength(expected.length);
  gaps.forEach((gap, i) => {
    const want = expected[i] as number;
    expect(gap, `gap ${i + 1} (${gaps.map(Math.round).join(", ")} ms)`).toBeGreaterThanOrEqual(want * 0.9);
    expect(gap, `gap ${i + 1} (${gaps.map(Math.round).join(", ")} ms)`).toBeLessThanOrEqual(want * 1.1);
  });
}

const failureLines = (lines: readonly LogLine[]) => lines.filter((l) => l.level === "error");

describe("poison messages: an always-failing handler", () => {
  it("with default settings follows the default retry schedule: at most 20 deliveries in 60 s", async () => {
    const { logger, lines } = capturingLogger();
    const { arrivals, handler } = alwaysFailing();
    await service("poison-default", logger, eventStreamConsumer("Poison.Default", handler));
    await jetstream(ctx.raw).publish("events.Poison.Default", JSON.stringify({ n: 1 }));
    // The default schedule naks after 1 s, then 5 s: three deliveries by ~6 s, a fourth only ~30 s later.
    await waitFor(() => arrivals.length >= 3, 9000, "three deliveries");
    const defaultDelays = scheduleOf(backoffRetryPolicy(), 3);
    expectGaps(arrivals, defaultDelays.slice(0, 2));
    // Nothing else came meanwhile (a hot loop would have delivered thousands of times by now).
    const info = await ctx.jsm.consumers.info("events", "poison-default");
    expect(info.delivered.consumer_seq).toBe(3);
    expect(arrivals).toHaveLength(3);
    // One error line per failure here, far below the logging budget.
    expect(failureLines(lines)).toHaveLength(3);
    // The schedule the test just measured bounds a minute: at most 20 deliveries.
    expect(deliveriesWithin(backoffRetryPolicy(), 60_000)).toBeLessThanOrEqual(20);
  }, 15_000);

  it("with BackOff configured, redelivery gaps equal the BackOff (the server's backoff does not add up)", async () => {
    const { logger } = capturingLogger();
    const { arrivals, handler } = alwaysFailing();
    await service(
      "poison-backoff",
      logger,
      eventStreamConsumer("Poison.BackOff", handler, withBackOff(300, 900), withMaxDeliver(4)),
    );
    await jetstream(ctx.raw).publish("events.Poison.BackOff", JSON.stringify({ n: 1 }));
    await waitFor(() => arrivals.length >= 4, 6000, "four deliveries");
    expectGaps(arrivals, [300, 900, 900]);
    // The consumer is declared as Go declares it: backoff and max_deliver, ack_wait = backoff[0].
    const { config } = await ctx.jsm.consumers.info("events", "poison-backoff");
    expect(config.backoff).toEqual([300_000_000, 900_000_000]);
    expect(config.max_deliver).toBe(4);
    expect(config.ack_wait).toBe(300_000_000);
  }, 15_000);

  it("opting into immediate redelivery loops hot (as Go does) but logs a bounded number of lines", async () => {
    const { logger, lines } = capturingLogger();
    const { arrivals, handler } = alwaysFailing();
    const conn = await service(
      "poison-hot",
      logger,
      eventStreamConsumer("Poison.Hot", handler, withImmediateRedelivery(), withMaxDeliver(300)),
    );
    await jetstream(ctx.raw).publish("events.Poison.Hot", JSON.stringify({ n: 1 }));
    await waitFor(() => arrivals.length === 300, 10_000, "300 deliveries");
    // Delivered back to back, yet only the first few failures are logged one by one.
    expect(failureLines(lines).length).toBeLessThanOrEqual(5);
    expect(failureLines(lines)[0]?.attributes).toMatchObject({ routingKey: "Poison.Hot", retryInMs: 0 });
    // The rest are summarised, with their count, when the window ends or (here) the service stops.
    await eventually(
      async () => (await ctx.jsm.consumers.info("events", "poison-hot")).num_ack_pending === 0,
    );
    await conn.close();
    const summary = failureLines(lines).filter((l) => l.message.startsWith("handler failures not logged"));
    expect(summary).toHaveLength(1);
    expect(summary[0]?.attributes).toMatchObject({
      consumer: "poison-hot",
      failures: 300 - 5,
      byRoutingKey: { "Poison.Hot": 300 - 5 },
    });
  }, 15_000);

  it("a NonRetryableError still terms at once with the default policy", async () => {
    const { logger, lines } = capturingLogger();
    let calls = 0;
    await service(
      "poison-term",
      logger,
      eventStreamConsumer(
        "Poison.Term",
        () => {
          calls++;
          throw new NonRetryableError("bad data");
        },
        addConsumerNameSuffix("t"),
      ),
    );
    await jetstream(ctx.raw).publish("events.Poison.Term", JSON.stringify({ n: 1 }));
    const terminated = () => lines.filter((l) => l.message.includes("non-retryable"));
    await waitFor(() => terminated().length === 1, 5000, "the term warning");
    await eventually(
      async () => (await ctx.jsm.consumers.info("events", "poison-term-t")).num_ack_pending === 0,
    );
    expect(calls).toBe(1);
    expect(failureLines(lines)).toHaveLength(0);
  });
});

/** Polls the server-side `check` every 50 ms, for at most 5 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in 5 s");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The delays an always-failing message waits between its first `deliveries` deliveries. */
function scheduleOf(policy: ReturnType<typeof backoffRetryPolicy>, deliveries: number): number[] {
  const delays: number[] = [];
  for (let count = 1; count < deliveries; count++) {
    const decision = policy(new Error("x"), count);
    delays.push(decision.action === "nak" ? (decision.delayMs ?? 0) : Number.POSITIVE_INFINITY);
  }
  return delays;
}

/** How many times an always-failing message is delivered within `windowMs` under `policy`. */
function deliveriesWithin(policy: ReturnType<typeof backoffRetryPolicy>, windowMs: number): number {
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
