import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError, UnsupportedFeatureError } from "@natsflux/core";
import { versionAtLeast } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConsumerConfigConflictError,
  ensureConsumer,
  JetStreamConsumer,
  JetStreamPublisher,
} from "../src/index.js";
import { freshStream, type TestEnv, testEnv, until } from "./support.js";

let env: TestEnv;
let stream: string;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

async function publishNumbers(subject: string, count: number): Promise<void> {
  await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
  const pipe = publisher.pipeline();
  for (let i = 1; i <= count; i++) await pipe.publish(subject, i);
  expect((await pipe.flush()).failed).toEqual([]);
}

describe("ensureConsumer", () => {
  beforeAll(async () => {
    stream = await freshStream(env.nc);
  });

  it("creates a durable with an explicit ack policy and a singular filter_subject, idempotently", async () => {
    const created = await ensureConsumer(env.nc, stream, {
      durable: "d1",
      filterSubject: `${stream}.orders.>`,
      maxDeliver: 5,
      ackWait: 10_000,
    });
    expect(created.config).toMatchObject({
      durable_name: "d1",
      ack_policy: "explicit",
      filter_subject: `${stream}.orders.>`,
      max_deliver: 5,
      ack_wait: 10_000 * 1_000_000,
    });
    expect(created.config.filter_subjects).toBeUndefined();
    // One filter given as an array still goes out singular, which every server understands.
    const again = await ensureConsumer(env.jsm, stream, {
      durable: "d1",
      filterSubject: [`${stream}.orders.>`],
      maxDeliver: 5,
      ackWait: 10_000,
    });
    expect(again.config).toEqual(created.config);
    expect(again.created).toEqual(created.created);
  });

  it("updates a durable in place: its ack floor survives and acked messages are not redelivered", async () => {
    const own = await freshStream(env.nc);
    await publishNumbers(`${own}.x`, 20);
    await ensureConsumer(env.nc, own, { durable: "keeper", maxAckPending: 100 });
    {
      await using consumer = new JetStreamConsumer(env.nc, jsonCodec<number>(), {
        stream: own,
        consumer: "keeper",
      });
      const batch = await consumer.fetch(10, { expires: 2000 });
      expect(batch.map((m) => m.payload)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      for (const message of batch) message.ack();
      await env.nc.flush();
    }
    const before = await env.jsm.consumers.info(own, "keeper");
    expect(before.ack_floor.stream_seq).toBe(10);

    const updated = await ensureConsumer(env.nc, own, {
      durable: "keeper",
      maxAckPending: 50,
      maxDeliver: 7,
      description: "updated",
    });
    expect(updated.config).toMatchObject({ max_ack_pending: 50, max_deliver: 7, description: "updated" });
    expect(updated.ack_floor.stream_seq).toBe(10);
    expect(updated.created).toEqual(before.created);

    await using consumer = new JetStreamConsumer(env.nc, jsonCodec<number>(), {
      stream: own,
      consumer: "keeper",
    });
    const rest = await consumer.fetch(10, { expires: 2000 });
    expect(rest.map((m) => m.payload)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(rest.every((m) => m.info.deliveryCount === 1)).toBe(true);
    for (const message of rest) message.ack();
  });

  it("refuses a change the server cannot make with a ConsumerConfigConflictError naming the field", async () => {
    await ensureConsumer(env.nc, stream, { durable: "fixed", deliverPolicy: "all" });
    const error = await ensureConsumer(env.nc, stream, { durable: "fixed", deliverPolicy: "new" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConsumerConfigConflictError);
    const conflict = error as ConsumerConfigConflictError;
    expect(conflict.conflicts).toEqual([{ field: "deliver_policy", current: "all", requested: "new" }]);
    expect(conflict.message).toMatch(/never deletes a durable/);
    // Still there, unchanged.
    expect((await env.jsm.consumers.info(stream, "fixed")).config.deliver_policy).toBe("all");
  });

  it("reports a missing stream as a ConfigError", async () => {
    const error = await ensureConsumer(env.nc, "NO_SUCH_STREAM", { durable: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/does not exist/);
  });

  it("passes server validation errors on as ConfigError (backoff needs max_deliver > its length on 2.9)", async () => {
    const bad = ensureConsumer(env.nc, stream, { durable: "bo", backoff: [100, 200], maxDeliver: 1 });
    await expect(bad).rejects.toBeInstanceOf(ConfigError);
  });

  it("an ephemeral consumer disappears after its inactive threshold", async () => {
    const info = await ensureConsumer(env.nc, stream, { inactiveThreshold: 1000 });
    expect(info.config.durable_name).toBeUndefined();
    expect(info.config.inactive_threshold).toBe(1000 * 1_000_000);
    await expect(env.jsm.consumers.info(stream, info.name)).resolves.toBeDefined();
    await until(
      () =>
        env.jsm.consumers.info(stream, info.name).then(
          () => false,
          (e: Error) => /consumer not found/.test(e.message),
        ),
      8000,
      "the inactive ephemeral consumer to be deleted",
      100,
    );
  });

  it("several filter subjects work on 2.10+ and throw UnsupportedFeatureError on older servers", async () => {
    const own = await freshStream(env.nc);
    const filters = [`${own}.a`, `${own}.b`];
    if (versionAtLeast(env.server.version, "2.10.0")) {
      const info = await ensureConsumer(env.nc, own, { durable: "multi", filterSubject: filters });
      expect(info.config.filter_subjects).toEqual(filters);
      await using publisher = new JetStreamPublisher(env.nc, jsonCodec<string>());
      for (const s of ["a", "c", "b"]) await publisher.publish(`${own}.${s}`, s);
      await using consumer = new JetStreamConsumer(env.nc, jsonCodec<string>(), {
        stream: own,
        consumer: "multi",
      });
      const got = await consumer.fetch(3, { expires: 1000 });
      expect(got.map((m) => m.payload)).toEqual(["a", "b"]);
    } else {
      const error = await ensureConsumer(env.nc, own, { durable: "multi", filterSubject: filters }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UnsupportedFeatureError);
      expect(error).toMatchObject({ requiredVersion: "2.10.0", serverVersion: env.server.version });
      expect((error as Error).message).toMatch(/filter_subjects/);
      // Nothing was sent: no consumer that would silently deliver every subject.
      await expect(env.jsm.consumers.info(own, "multi")).rejects.toThrow(/consumer not found/);
    }
  });
});
