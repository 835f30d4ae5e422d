import type { ConsumerConfig } from "@nats-io/jetstream";
import { jsonCodec } from "@natsflux/codec-json";
import { type StatusEvent, UnsupportedFeatureError } from "@natsflux/core";
import { versionAtLeast } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConsumerConfigConflictError,
  type ConsumerSettings,
  ensureConsumer,
  JetStreamConsumer,
  JetStreamPublisher,
  JetStreamSubscriber,
} from "../src/index.js";
import { freshStream, type TestEnv, testEnv, until } from "./support.js";

// A redeploy calls ensureConsumer with what the new code declares: the server's consumer must end up with
// exactly that configuration (options left out back at the server defaults), and keep its delivery state.

let env: TestEnv;
let multi: boolean;
const ms = 1_000_000;

beforeAll(async () => {
  env = await testEnv();
  multi = versionAtLeast(env.server.version, "2.10.0");
});

afterAll(async () => {
  await env?.close();
});

/** The fields a pull consumer's behaviour depends on, as the server reports them (absent ones as undefined). */
async function serverConfig(stream: string, durable: string) {
  const c: Partial<ConsumerConfig> = (await env.jsm.consumers.info(stream, durable)).config;
  return {
    filter_subject: c.filter_subject || undefined,
    filter_subjects: c.filter_subjects?.length ? c.filter_subjects : undefined,
    ack_policy: c.ack_policy,
    deliver_policy: c.deliver_policy,
    ack_wait: c.ack_wait,
    max_deliver: c.max_deliver,
    backoff: c.backoff?.length ? c.backoff : undefined,
    max_ack_pending: c.max_ack_pending,
  };
}

const defaults = {
  filter_subject: undefined,
  filter_subjects: undefined,
  ack_policy: "explicit",
  deliver_policy: "all",
  ack_wait: 30_000 * ms,
  max_deliver: -1,
  backoff: undefined,
  max_ack_pending: 1000,
};

async function publish(subject: string, values: number[]): Promise<void> {
  await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
  for (const v of values) await publisher.publish(subject, v);
}

/** Fetches up to `count` messages (waiting at most `expires` ms), acks them, returns [payload, deliveryCount]. */
async function take(stream: string, durable: string, count: number, expires = 1000) {
  await using consumer = new JetStreamConsumer(env.nc, jsonCodec<number>(), { stream, consumer: durable });
  const got = await consumer.fetch(count, { expires });
  for (const m of got) m.ack();
  // Acks are not answered: wait until the server has applied them.
  await until(
    async () => (await env.jsm.consumers.info(stream, durable)).num_ack_pending === 0,
    5000,
    `the acks of ${durable}`,
  );
  return got.map((m) => [m.payload, m.info.deliveryCount]);
}

/**
 * The durable's delivery state: what was delivered and acknowledged, and what is still waiting. A redeploy
 * must leave it as it was.
 */
async function state(stream: string, durable: string) {
  const info = await env.jsm.consumers.info(stream, durable);
  return {
    delivered: info.delivered.stream_seq,
    ackFloor: info.ack_floor.stream_seq,
    ackPending: info.num_ack_pending,
    redelivered: info.num_redelivered,
    pending: info.num_pending,
  };
}

/** Runs `deploy` twice: v1, then a redeploy as v2, with 6 messages on `key1`, 3 of them handled before. */
async function redeploy(v1: ConsumerSettings, v2: ConsumerSettings, stream: string) {
  const durable = v1.durable as string;
  await ensureConsumer(env.nc, stream, v1);
  await publish(`${stream}.a`, [1, 2, 3, 4, 5, 6]);
  expect(await take(stream, durable, 3)).toEqual([
    [1, 1],
    [2, 1],
    [3, 1],
  ]);
  const before = await state(stream, durable);
  expect(before).toMatchObject({ delivered: 3, ackFloor: 3, ackPending: 0, redelivered: 0 });
  await ensureConsumer(env.nc, stream, v2);
  return before;
}

describe("a redeploy applies the declared consumer configuration exactly", () => {
  it("adds a routing key: filter_subject becomes filter_subjects (2.10+), the rest arrive once", async () => {
    const stream = await freshStream(env.nc);
    const v1 = { durable: "add", filterSubject: `${stream}.a` };
    const v2 = { durable: "add", filterSubject: [`${stream}.a`, `${stream}.b`] };
    if (!multi) {
      await ensureConsumer(env.nc, stream, v1);
      const error = await ensureConsumer(env.nc, stream, v2).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsupportedFeatureError);
      expect(await serverConfig(stream, "add")).toEqual({ ...defaults, filter_subject: `${stream}.a` });
      return;
    }
    const before = await redeploy(v1, v2, stream);
    expect(await serverConfig(stream, "add")).toEqual({
      ...defaults,
      filter_subjects: [`${stream}.a`, `${stream}.b`],
    });
    expect(await state(stream, "add")).toEqual(before);
    await publish(`${stream}.b`, [7]);
    expect(await take(stream, "add", 10)).toEqual([
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
    ]);
    expect(await state(stream, "add")).toMatchObject({
      ackFloor: 7,
      ackPending: 0,
      redelivered: 0,
      pending: 0,
    });
  });

  it("removes a routing key: filter_subjects becomes filter_subject (2.10+), the rest arrive once", async () => {
    if (!multi) return; // 2.9 cannot hold two keys on one durable (see the test above)
    const stream = await freshStream(env.nc);
    const v1 = { durable: "remove", filterSubject: [`${stream}.a`, `${stream}.b`] };
    const v2 = { durable: "remove", filterSubject: `${stream}.a` };
    const before = await redeploy(v1, v2, stream);
    expect(await serverConfig(stream, "remove")).toEqual({ ...defaults, filter_subject: `${stream}.a` });
    expect(await state(stream, "remove")).toEqual(before);
    await publish(`${stream}.b`, [100]);
    await publish(`${stream}.a`, [7]);
    expect(await take(stream, "remove", 10)).toEqual([
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
    ]);
    // 100 (sequence 7) is no longer in the filter: skipped, and the floor moves past it.
    expect(await state(stream, "remove")).toMatchObject({ ackFloor: 8, ackPending: 0, redelivered: 0 });
  });

  it("changes MaxDeliver and BackOff", async () => {
    const stream = await freshStream(env.nc);
    const filterSubject = `${stream}.a`;
    const v1 = { durable: "change", filterSubject, maxDeliver: 5, backoff: [1000, 2000] };
    const v2 = { durable: "change", filterSubject, maxDeliver: 7, backoff: [500, 1000, 1500] };
    const before = await redeploy(v1, v2, stream);
    expect(await serverConfig(stream, "change")).toEqual({
      ...defaults,
      filter_subject: filterSubject,
      max_deliver: 7,
      backoff: [500 * ms, 1000 * ms, 1500 * ms],
      ack_wait: 500 * ms, // the server sets ack_wait to backoff[0]
    });
    expect(await state(stream, "change")).toEqual(before);
    // Exactly 3: with ack_wait 500 ms a longer fetch would see its own unacked messages come back.
    expect(await take(stream, "change", 3)).toEqual([
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
  });

  it("drops MaxDeliver, BackOff, AckWait and MaxAckPending: they go back to the server defaults", async () => {
    const stream = await freshStream(env.nc);
    const filterSubject = `${stream}.a`;
    const v1 = {
      durable: "drop",
      filterSubject,
      maxDeliver: 5,
      backoff: [1000, 2000],
      maxAckPending: 10,
    };
    const v2 = { durable: "drop", filterSubject };
    const before = await redeploy(v1, v2, stream);
    expect(await serverConfig(stream, "drop")).toEqual({ ...defaults, filter_subject: filterSubject });
    expect(await state(stream, "drop")).toEqual(before);
    expect(await take(stream, "drop", 10)).toEqual([
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
  });

  it("moves a durable to another single key (filter_subject changed in place)", async () => {
    const stream = await freshStream(env.nc);
    const v1 = { durable: "move", filterSubject: `${stream}.a` };
    const v2 = { durable: "move", filterSubject: `${stream}.c` };
    const before = await redeploy(v1, v2, stream);
    expect(await serverConfig(stream, "move")).toEqual({ ...defaults, filter_subject: `${stream}.c` });
    expect(await state(stream, "move")).toMatchObject({ ackFloor: before.ackFloor, ackPending: 0 });
    await publish(`${stream}.c`, [7, 8]);
    expect(await take(stream, "move", 10)).toEqual([
      [7, 1],
      [8, 1],
    ]);
  });

  it("an unchanged redeploy sends no update", async () => {
    const stream = await freshStream(env.nc);
    const settings = { durable: "same", filterSubject: `${stream}.a`, maxDeliver: 5, backoff: [1000, 2000] };
    await ensureConsumer(env.nc, stream, settings);
    // Every consumer API request this connection makes (the server delivers them to us as well).
    const spy = env.nc.subscribe("$JS.API.CONSUMER.>");
    const seen: string[] = [];
    void (async () => {
      for await (const m of spy) if (m.subject.includes(stream)) seen.push(m.subject);
    })();
    const events: StatusEvent[] = [];
    await ensureConsumer(env.nc, stream, settings, { onStatus: (e) => events.push(e) });
    await env.nc.flush();
    spy.unsubscribe();
    expect(seen).toEqual([`$JS.API.CONSUMER.INFO.${stream}.same`]);
    expect(events).toEqual([]);
  });

  it("a change the server refuses names only that field, and leaves the consumer as it was", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "fixed", maxDeliver: 3 });
    const error = await ensureConsumer(env.nc, stream, {
      durable: "fixed",
      deliverPolicy: "new",
      maxDeliver: 4,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsumerConfigConflictError);
    expect((error as ConsumerConfigConflictError).conflicts).toEqual([
      { field: "deliver_policy", current: "all", requested: "new" },
    ]);
    expect(await serverConfig(stream, "fixed")).toEqual({ ...defaults, max_deliver: 3 });
  });
});

async function waitForPulls(stream: string, durable: string): Promise<void> {
  await until(
    async () => (await env.jsm.consumers.info(stream, durable)).num_waiting > 0,
    2000,
    `a pull request waiting on ${durable}`,
  );
}

describe("changes the server refuses", () => {
  it("ack policy and (2.10+) storage type: ConsumerConfigConflictError naming the field, consumer untouched", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "pinned", maxDeliver: 3 });
    const ack = await ensureConsumer(env.nc, stream, {
      durable: "pinned",
      ackPolicy: "all",
      maxDeliver: 4,
    }).catch((e: unknown) => e);
    expect(ack).toBeInstanceOf(ConsumerConfigConflictError);
    expect((ack as ConsumerConfigConflictError).conflicts).toEqual([
      { field: "ack_policy", current: "explicit", requested: "all" },
    ]);
    const storage = await ensureConsumer(env.nc, stream, {
      durable: "pinned",
      maxDeliver: 3,
      memoryStorage: true,
    })
      .then((info) => info)
      .catch((e: unknown) => e);
    if (multi) {
      expect(storage).toBeInstanceOf(ConsumerConfigConflictError);
      expect((storage as ConsumerConfigConflictError).conflicts).toEqual([
        { field: "mem_storage", current: null, requested: true },
      ]);
      expect(await serverConfig(stream, "pinned")).toEqual({ ...defaults, max_deliver: 3 });
    } else {
      // 2.9.10 changes the storage of a consumer in place.
      expect((storage as { config: Partial<ConsumerConfig> }).config.mem_storage).toBe(true);
    }
  });
});

describe("two instances of one service that declare different consumer options", () => {
  it("reports the overwrite with both values, and on a flip back says they disagree", async () => {
    const stream = await freshStream(env.nc);
    const a = { durable: "svc", filterSubject: `${stream}.a`, maxDeliver: 3 };
    const b = { durable: "svc", filterSubject: `${stream}.a`, maxDeliver: 5 };
    const eventsA: StatusEvent[] = [];
    const eventsB: StatusEvent[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    // Instance A runs (its pulls wait on the server) when B starts with another MaxDeliver.
    await subscriber.subscribe({ stream, config: a }, () => {}, { onStatus: (e) => eventsA.push(e) });
    await waitForPulls(stream, "svc");
    await ensureConsumer(env.nc, stream, b, { onStatus: (e) => eventsB.push(e) });
    expect(eventsA.filter((e) => e.type === "consumer_config_changed")).toEqual([]);
    expect(eventsB).toEqual([
      {
        type: "consumer_config_changed",
        stream,
        consumer: "svc",
        changes: [{ field: "max_deliver", from: 3, to: 5 }],
        reverted: false,
        otherPulls: expect.any(Number),
      },
    ]);
    expect((eventsB[0] as { otherPulls: number }).otherPulls).toBeGreaterThan(0);
    // A restarts: it puts its MaxDeliver back, and (2.10+, from the consumer's metadata) knows it reverts B.
    await ensureConsumer(env.nc, stream, a, { onStatus: (e) => eventsA.push(e) });
    expect(eventsA).toEqual([
      {
        type: "consumer_config_changed",
        stream,
        consumer: "svc",
        changes: [{ field: "max_deliver", from: 5, to: 3 }],
        reverted: multi,
        otherPulls: expect.any(Number),
      },
    ]);
    expect((await serverConfig(stream, "svc")).max_deliver).toBe(3);
  });
});
