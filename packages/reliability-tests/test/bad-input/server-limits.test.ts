import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { ConfigError, type StatusEvent } from "@natsflux/core";
import { type Connection, eventStreamPublisher, Publisher } from "@natsflux/messaging";
import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade } from "../support/helpers.js";

// Input the server itself would refuse. nats-server closes the whole connection when a protocol line is
// longer than its max_control_line (4096 bytes by default): every publish in flight on it then times out.
// natsflux refuses such input before anything is sent, so only the bad call fails.

const report = process.env.NATSFLUX_RELIABILITY_REPORT === "1";
let server: NatsServer;
let raw: NatsConnection;
const open: Connection[] = [];

beforeAll(async () => {
  server = await startServer();
  raw = await connect({ servers: server.url });
});

afterAll(async () => {
  await Promise.allSettled(open.map((c) => c.close()));
  await raw?.close();
  await server?.[Symbol.asyncDispose]();
});

interface Connz {
  connections?: Array<{ reason?: string }>;
}

/** Connections the server closed for an over-long protocol line (from its monitoring endpoint). */
async function closedForControlLine(): Promise<number> {
  const response = await fetch(`${server.monitorUrl}/connz?state=closed`);
  const connz = (await response.json()) as Connz;
  return (connz.connections ?? []).filter((c) => /control line/i.test(c.reason ?? "")).length;
}

describe("a routing key longer than the server's control line, among 200 valid publishes", () => {
  it("only the bad publish fails, at once, with a ConfigError; all 200 are stored; the connection stays up", async () => {
    const events: StatusEvent[] = [];
    const conn = facade({
      serviceName: "long-keys",
      servers: server.url,
      logger: captureLogger(),
      onStatus: (event) => events.push(event),
    });
    open.push(conn);
    const pub = new Publisher<{ n: number }>();
    await conn.start(eventStreamPublisher(pub));
    const jsm = await jetstreamManager(raw);
    const before = (await jsm.streams.info("events")).state.messages;

    // The bad publish goes out while the first 100 valid ones are in flight, the other 100 right after.
    let resolved = 0;
    const publishValid = (n: number) => pub.publish("Order.Created", { n }).then(() => void resolved++);
    const valid = Array.from({ length: 100 }, (_, n) => publishValid(n));
    const started = performance.now();
    const [badOutcome] = await Promise.allSettled([pub.publish(`Order.${"x".repeat(5000)}`, { n: -1 })]);
    const badSettledAfter = performance.now() - started;
    const resolvedBeforeBad = resolved;
    valid.push(...Array.from({ length: 100 }, (_, n) => publishValid(100 + n)));
    const outcomes = await Promise.allSettled(valid);

    expect(badOutcome?.status).toBe("rejected");
    const error = (badOutcome as PromiseRejectedResult).reason as unknown;
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("routingKey");
    expect((error as Error).message).toMatch(/max_control_line/);
    expect((error as Error).message).toMatch(/4096/);
    expect(resolvedBeforeBad).toBe(0);
    expect(badSettledAfter).toBeLessThan(1000);
    const failed = outcomes.filter((o) => o.status === "rejected");
    expect(failed.map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
    const stored = (await jsm.streams.info("events")).state.messages - before;
    expect(stored).toBe(200);
    expect(events.filter((e) => e.type === "disconnected" || e.type === "reconnecting")).toEqual([]);
    expect(await closedForControlLine()).toBe(0);
    if (report)
      console.log(
        `[reliability] long routing key: bad publish rejected after ${badSettledAfter.toFixed(2)} ms ` +
          `(${resolvedBeforeBad} valid resolved by then); ` +
          `valid ${outcomes.length - failed.length}/200 resolved, ${stored} stored, ${failed.length} failed`,
      );
  });
});
