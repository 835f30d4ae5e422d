import { jetstream } from "@nats-io/jetstream";
import { NonRetryableError, UnsupportedFeatureError } from "@natsflux/core";
import { until, versionAtLeast } from "@natsflux/testing";
import { beforeEach, describe, expect, it } from "vitest";
import {
  addConsumerNameSuffix,
  type ErrorNotification,
  eventStreamConsumer,
  eventStreamPublisher,
  type Notification,
  Publisher,
  streamConsumer,
  withBackOff,
  withConsumerDefaults,
  withErrorHandler,
  withMaxDeliver,
  withNotificationHandler,
  withStreamConfig,
  withStreamDefaults,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

const ctx = useServer();
beforeEach(() => ctx.reset());
const ms = 1_000_000;

async function consumerInfo(stream: string, durable: string) {
  return ctx.jsm.consumers.info(stream, durable);
}

describe("consumers: configuration visible on the server", () => {
  it("retention limits: defaults, and per-stream config replacing them entirely", async () => {
    await ctx.service(
      "cfg",
      eventStreamPublisher(new Publisher()),
      eventStreamConsumer("Order.Created", () => {}),
      streamConsumer("audit", "Audit.Entry", () => {}),
      withStreamDefaults({ maxAge: 60_000, maxBytes: 1_048_576, maxMsgs: 1000 }),
      withStreamConfig("audit", { maxMsgs: 10 }),
    );
    const events = (await ctx.jsm.streams.info("events")).config;
    expect(events).toMatchObject({
      subjects: ["events.>"],
      storage: "file",
      max_age: 60_000 * ms,
      max_bytes: 1_048_576,
      max_msgs: 1000,
    });
    const audit = (await ctx.jsm.streams.info("audit")).config;
    expect(audit).toMatchObject({
      subjects: ["audit.>"],
      storage: "file",
      max_age: 0,
      max_bytes: -1,
      max_msgs: 10,
    });
  });

  it("MaxDeliver and BackOff per consumer and from connection defaults", async () => {
    await ctx.service(
      "retry",
      eventStreamConsumer("A.Happened", () => {}, withMaxDeliver(5), withBackOff(1000, 2000)),
      eventStreamConsumer("B.Happened", () => {}, addConsumerNameSuffix("b")),
      withConsumerDefaults({ maxDeliver: 7, backOff: [500] }),
    );
    const a = (await consumerInfo("events", "retry")).config;
    expect(a).toMatchObject({
      durable_name: "retry",
      filter_subject: "events.A.Happened",
      ack_policy: "explicit",
      deliver_policy: "all",
      max_deliver: 5,
      backoff: [1000 * ms, 2000 * ms],
    });
    const b = (await consumerInfo("events", "retry-b")).config;
    expect(b).toMatchObject({ filter_subject: "events.B.Happened", max_deliver: 7, backoff: [500 * ms] });
  });

  it("groups two keys of one service into one durable (filter_subjects, 2.10+), or fails clearly on 2.9", async () => {
    const setups = [
      eventStreamConsumer("Order.Created", () => {}),
      eventStreamConsumer("Order.Deleted", () => {}),
    ];
    if (versionAtLeast(ctx.server.version, "2.10.0")) {
      await ctx.service("grouped", ...setups);
      const config = (await consumerInfo("events", "grouped")).config;
      expect(config.filter_subjects).toEqual(["events.Order.Created", "events.Order.Deleted"]);
      const all = [];
      for await (const c of ctx.jsm.consumers.list("events")) all.push(c.name);
      expect(all).toEqual(["grouped"]);
    } else {
      const failure = await ctx.service("grouped", ...setups).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(UnsupportedFeatureError);
      expect((failure as Error).message).toMatch(/addConsumerNameSuffix/);
    }
  });
});

describe("consumers: acknowledgement outcomes", () => {
  it("success acks; a parse failure terms (never redelivered) and is reported", async () => {
    const handled: number[] = [];
    const errors: ErrorNotification[] = [];
    const successes: Notification[] = [];
    await ctx.service(
      "acker",
      eventStreamConsumer<{ n: number }>("Num.Sent", (e) => {
        handled.push(e.payload.n);
      }),
      withErrorHandler((n) => errors.push(n)),
      withNotificationHandler((n) => successes.push(n)),
    );
    const js = jetstream(ctx.raw);
    await js.publish("events.Num.Sent", "{not json");
    await js.publish("events.Num.Sent", JSON.stringify({ n: 1 }));
    await waitFor(() => handled.length === 1 && errors.length === 1);
    const info = await consumerInfo("events", "acker");
    expect(handled).toEqual([1]);
    expect(errors[0]?.deliveryInfo.key).toBe("Num.Sent");
    expect(successes).toHaveLength(1);
    expect(successes[0]?.source).toBe("CONSUMER");
    // Both settled: nothing pending, nothing redelivered.
    await expectEventually(async () => {
      const i = await consumerInfo("events", "acker");
      return i.num_ack_pending === 0 && i.num_redelivered === 0 && i.delivered.consumer_seq === 2;
    });
    expect(info.config.durable_name).toBe("acker");
  });

  it("a failing handler is nak'ed with the BackOff delay; NonRetryableError terms at once", async () => {
    const attempts: number[] = [];
    let failFor = 2;
    await ctx.service(
      "flaky",
      eventStreamConsumer<{ n: number }>(
        "Flaky.Work",
        () => {
          attempts.push(performance.now());
          if (failFor-- > 0) throw new Error("transient");
        },
        withMaxDeliver(5),
        withBackOff(300, 600),
      ),
      eventStreamConsumer<{ n: number }>(
        "Poison.Work",
        () => {
          attempts.push(-1);
          throw new NonRetryableError("bad data");
        },
        addConsumerNameSuffix("poison"),
      ),
    );
    const js = jetstream(ctx.raw);
    await js.publish("events.Flaky.Work", JSON.stringify({ n: 1 }));
    await js.publish("events.Poison.Work", JSON.stringify({ n: 2 }));
    await waitFor(() => attempts.filter((a) => a >= 0).length === 3, 5000, "three attempts");
    const times = attempts.filter((a) => a >= 0);
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(250);
    expect((times[2] as number) - (times[1] as number)).toBeGreaterThanOrEqual(550);
    await expectEventually(async () => (await consumerInfo("events", "flaky")).num_ack_pending === 0);
    await expectEventually(async () => (await consumerInfo("events", "flaky-poison")).num_ack_pending === 0);
    expect(attempts.filter((a) => a === -1)).toHaveLength(1);
  });
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  await until("the server-side condition", check, { timeoutMs, intervalMs: 50 });
}
