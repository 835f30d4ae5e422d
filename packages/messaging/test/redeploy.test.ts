import { type StatusEvent, UnsupportedFeatureError } from "@natsflux/core";
import { until, versionAtLeast } from "@natsflux/testing";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type Connection,
  createConnection,
  eventStreamConsumer,
  eventStreamPublisher,
  type Logger,
  Publisher,
  type Setup,
  silentLogger,
  withBackOff,
  withMaxDeliver,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

// A redeploy of a service is start() with the new code's declarations on the durable the old code left:
// the server's consumer must end up with exactly what the new code declares, and lose or replay nothing.

const ctx = useServer();
beforeEach(() => ctx.reset());
const ms = 1_000_000;

interface Entry {
  readonly level: string;
  readonly message: string;
  readonly attributes: Record<string, unknown> | undefined;
}

function capturingLogger(entries: Entry[]): Logger {
  const at =
    (level: string) =>
    (message: string, attributes?: Record<string, unknown>): void => {
      entries.push({ level, message, attributes });
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A service named "svc" that records the payloads it handled; the caller closes it. */
async function startSvc(
  setups: Setup[],
  options: { entries?: Entry[]; events?: StatusEvent[] } = {},
): Promise<Connection> {
  const conn = createConnection({
    serviceName: "svc",
    servers: ctx.server.url,
    logger: options.entries ? capturingLogger(options.entries) : silentLogger,
    onStatus: (e) => options.events?.push(e),
  });
  await conn.start(...setups);
  return conn;
}

async function producer(): Promise<Publisher<number>> {
  const publisher = new Publisher<number>();
  await ctx.service("producer", eventStreamPublisher(publisher));
  return publisher;
}

/** The consumer's config fields a redeploy may change, absent ones as undefined. */
async function serverConfig() {
  const c = (await ctx.jsm.consumers.info("events", "svc")).config;
  return {
    filter_subject: c.filter_subject || undefined,
    filter_subjects: c.filter_subjects?.length ? c.filter_subjects : undefined,
    ack_wait: c.ack_wait,
    max_deliver: c.max_deliver,
    backoff: c.backoff?.length ? c.backoff : undefined,
  };
}

/** Waits until the server applied every ack up to `sequence`, then returns the delivery counters. */
async function settledAt(sequence: number) {
  const info = await until(`the ack floor to reach ${sequence}`, async () => {
    const current = await ctx.jsm.consumers.info("events", "svc");
    return current.ack_floor.stream_seq >= sequence && current;
  });
  return {
    ackFloor: info.ack_floor.stream_seq,
    ackPending: info.num_ack_pending,
    redelivered: info.num_redelivered,
  };
}

/**
 * v1 handles (acks) 3 "Order.Created" and stops; 3 more are published while no instance runs; v2 starts.
 * Returns v2 and the list it records what it handles in.
 */
async function redeploy(v1: Setup[], v2: (handled: string[]) => Setup[]) {
  const publisher = await producer();
  const old = await startSvc(v1);
  for (const n of [1, 2, 3]) await publisher.publish("Order.Created", n);
  expect(await settledAt(3)).toEqual({ ackFloor: 3, ackPending: 0, redelivered: 0 });
  await old.close();
  for (const n of [4, 5, 6]) await publisher.publish("Order.Created", n);
  const handled: string[] = [];
  const entries: Entry[] = [];
  const next = await startSvc(v2(handled), { entries });
  return { publisher, handled, next, changeLog: entries.filter((e) => e.attributes?.changes !== undefined) };
}

const record = (handled: string[]) => (event: { payload: number; deliveryInfo: { key: string } }) => {
  handled.push(`${event.deliveryInfo.key}:${event.payload}`);
};

describe("redeploying a service applies its consumer declarations exactly", () => {
  it("adds a routing key (filter_subjects on 2.10+; 2.9 refuses with UnsupportedFeatureError)", async () => {
    const v1 = [eventStreamConsumer<number>("Order.Created", () => {})];
    const v2 = (handled: string[]) => [
      eventStreamConsumer<number>("Order.Created", record(handled)),
      eventStreamConsumer<number>("Order.Deleted", record(handled)),
    ];
    if (!versionAtLeast(ctx.server.version, "2.10.0")) {
      const old = await startSvc(v1);
      await old.close();
      await expect(startSvc(v2([]))).rejects.toBeInstanceOf(UnsupportedFeatureError);
      expect(await serverConfig()).toMatchObject({ filter_subject: "events.Order.Created" });
      return;
    }
    const { publisher, handled, next } = await redeploy(v1, v2);
    try {
      await publisher.publish("Order.Deleted", 7);
      await waitFor(() => handled.length >= 4, 5000, "the rest");
      expect(await settledAt(7)).toEqual({ ackFloor: 7, ackPending: 0, redelivered: 0 });
      expect(handled).toEqual(["Order.Created:4", "Order.Created:5", "Order.Created:6", "Order.Deleted:7"]);
      expect(await serverConfig()).toEqual({
        filter_subject: undefined,
        filter_subjects: ["events.Order.Created", "events.Order.Deleted"],
        ack_wait: 30_000 * ms,
        max_deliver: -1,
        backoff: undefined,
      });
    } finally {
      await next.close();
    }
  });

  it("removes a routing key (filter_subjects back to filter_subject; 2.10+)", async () => {
    if (!versionAtLeast(ctx.server.version, "2.10.0")) return; // 2.9 cannot group two keys on one durable
    const v1 = [
      eventStreamConsumer<number>("Order.Created", () => {}),
      eventStreamConsumer<number>("Order.Deleted", () => {}),
    ];
    const v2 = (handled: string[]) => [eventStreamConsumer<number>("Order.Created", record(handled))];
    const { publisher, handled, next } = await redeploy(v1, v2);
    try {
      await publisher.publish("Order.Deleted", 7);
      await publisher.publish("Order.Created", 8);
      await waitFor(() => handled.length >= 4, 5000, "the rest");
      expect(await settledAt(8)).toEqual({ ackFloor: 8, ackPending: 0, redelivered: 0 });
      expect(handled).toEqual(["Order.Created:4", "Order.Created:5", "Order.Created:6", "Order.Created:8"]);
      expect(await serverConfig()).toEqual({
        filter_subject: "events.Order.Created",
        filter_subjects: undefined,
        ack_wait: 30_000 * ms,
        max_deliver: -1,
        backoff: undefined,
      });
    } finally {
      await next.close();
    }
  });

  it("changes MaxDeliver and BackOff", async () => {
    const v1 = [
      eventStreamConsumer<number>("Order.Created", () => {}, withMaxDeliver(5), withBackOff(1000, 2000)),
    ];
    const v2 = (handled: string[]) => [
      eventStreamConsumer<number>("Order.Created", record(handled), withMaxDeliver(7), withBackOff(500)),
    ];
    const { handled, next } = await redeploy(v1, v2);
    try {
      await waitFor(() => handled.length >= 3, 5000, "the rest");
      expect(await settledAt(6)).toEqual({ ackFloor: 6, ackPending: 0, redelivered: 0 });
      expect(handled).toEqual(["Order.Created:4", "Order.Created:5", "Order.Created:6"]);
      expect(await serverConfig()).toEqual({
        filter_subject: "events.Order.Created",
        filter_subjects: undefined,
        ack_wait: 500 * ms,
        max_deliver: 7,
        backoff: [500 * ms],
      });
    } finally {
      await next.close();
    }
  });

  it("drops MaxDeliver and BackOff: the consumer goes back to the server defaults", async () => {
    const v1 = [
      eventStreamConsumer<number>("Order.Created", () => {}, withMaxDeliver(5), withBackOff(1000, 2000)),
    ];
    const v2 = (handled: string[]) => [eventStreamConsumer<number>("Order.Created", record(handled))];
    const { handled, next, changeLog } = await redeploy(v1, v2);
    // No other instance was running: an info entry with both values of each field.
    expect(changeLog.map((e) => [e.level, e.message])).toEqual([
      [
        "info",
        'consumer "svc" on stream "events" updated to the declared configuration: ' +
          "ack_wait 1000ms -> 30000ms, max_deliver 5 -> -1, backoff [1000ms, 2000ms] -> null",
      ],
    ]);
    try {
      await waitFor(() => handled.length >= 3, 5000, "the rest");
      expect(await settledAt(6)).toEqual({ ackFloor: 6, ackPending: 0, redelivered: 0 });
      expect(handled).toEqual(["Order.Created:4", "Order.Created:5", "Order.Created:6"]);
      expect(await serverConfig()).toEqual({
        filter_subject: "events.Order.Created",
        filter_subjects: undefined,
        ack_wait: 30_000 * ms,
        max_deliver: -1,
        backoff: undefined,
      });
    } finally {
      await next.close();
    }
  });
});

/** A warning about a changed consumer configuration (it carries the changes). */
const configWarning = (e: Entry) => e.level === "warn" && e.attributes?.changes !== undefined;

describe("two instances of a service that declare different consumer options", () => {
  it("warn with both values instead of overwriting each other silently", async () => {
    const declare = (maxDeliver: number) => [
      eventStreamConsumer<number>("Order.Created", () => {}, withMaxDeliver(maxDeliver)),
    ];
    const logA: Entry[] = [];
    const logB: Entry[] = [];
    const eventsB: StatusEvent[] = [];
    const a = await startSvc(declare(3), { entries: logA });
    let b: Connection | undefined;
    let a2: Connection | undefined;
    try {
      // A is consuming (its pull waits on the server) when B starts with MaxDeliver 5.
      await until(
        "A's pull request waiting on the server",
        async () => (await ctx.jsm.consumers.info("events", "svc")).num_waiting > 0,
      );
      b = await startSvc(declare(5), { entries: logB, events: eventsB });
      const warnB = logB.filter(configWarning);
      expect(warnB).toHaveLength(1);
      expect(warnB[0]?.message).toMatch(/max_deliver 3 -> 5/);
      expect(warnB[0]?.message).toMatch(/other instances were consuming it/);
      expect(eventsB).toContainEqual(
        expect.objectContaining({
          type: "consumer_config_changed",
          changes: [{ field: "max_deliver", from: 3, to: 5 }],
        }),
      );
      expect((await serverConfig()).max_deliver).toBe(5);
      // A restarts with MaxDeliver 3 and puts it back: warned, with both values.
      await a.close();
      const logA2: Entry[] = [];
      a2 = await startSvc(declare(3), { entries: logA2 });
      const warnA2 = logA2.filter(configWarning);
      expect(warnA2).toHaveLength(1);
      expect(warnA2[0]?.message).toMatch(/max_deliver 5 -> 3/);
      if (versionAtLeast(ctx.server.version, "2.10.0")) {
        // From the consumer's metadata: A put back what B had replaced.
        expect(warnA2[0]?.message).toMatch(/instances of this service declare different options/);
      }
      expect((await serverConfig()).max_deliver).toBe(3);
      expect(logA.filter(configWarning)).toEqual([]);
    } finally {
      await Promise.allSettled([a.close(), b?.close(), a2?.close()]);
    }
  });
});
