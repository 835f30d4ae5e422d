import { jsonCodec } from "@natsflux/codec-json";
import { type StatusEvent, SubscribeError } from "@natsflux/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureConsumer, JetStreamPublisher, JetStreamSubscriber } from "../src/index.js";
import { freshStream, type TestEnv, testEnv, until } from "./support.js";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

async function publish(subject: string, values: number[]): Promise<void> {
  await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
  for (const value of values) await publisher.publish(subject, value);
}

/** Waits until the server holds at least one pull request of the consumer. */
async function pullsRegistered(stream: string, consumer: string): Promise<void> {
  await until(
    async () => (await env.jsm.consumers.info(stream, consumer)).num_waiting > 0,
    5000,
    `a pull request of "${consumer}" on the server`,
  );
}

describe("a consumer deleted underneath a subscription", () => {
  it("ends a durable's subscription with a SubscribeError after reporting consumer_deleted", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "gone" });
    const events: StatusEvent[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const subscription = await subscriber.subscribe({ stream, consumer: "gone" }, () => {}, {
      onStatus: (e) => events.push(e),
    });
    // The server answers pulls it holds with "409 Consumer Deleted"; a pull still on its way when the consumer
    // goes is only noticed through missed heartbeats (reported as consumer_not_found, 10 s later).
    await pullsRegistered(stream, "gone");
    await env.jsm.consumers.delete(stream, "gone");
    const error = await subscription.closed.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubscribeError);
    expect((error as Error).message).toMatch(
      /consumer "gone" on stream ".*" was deleted; set recreateOnDelete/,
    );
    expect(events).toContainEqual({ type: "consumer_deleted", stream, consumer: "gone" });
    // Nothing was recreated behind the operator's back.
    await expect(env.jsm.consumers.info(stream, "gone")).rejects.toThrow(/consumer not found/);
  });

  it("recreates a durable with recreateOnDelete and carries on", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "phoenix", deliverPolicy: "new", maxDeliver: 4 });
    const events: StatusEvent[] = [];
    const seen: number[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    await subscriber.subscribe({ stream, consumer: "phoenix" }, (m) => void seen.push(m.payload), {
      recreateOnDelete: true,
      onStatus: (e) => events.push(e),
    });
    await publish(`${stream}.x`, [1]);
    await until(() => seen.length === 1, 5000, "the first message");
    await env.jsm.consumers.delete(stream, "phoenix");
    await until(() => events.some((e) => e.type === "consumer_recreated"), 10_000, "consumer_recreated");
    expect(events.map((e) => e.type)).toContain("consumer_deleted");
    const info = await env.jsm.consumers.info(stream, "phoenix");
    expect(info.config).toMatchObject({ durable_name: "phoenix", deliver_policy: "new", max_deliver: 4 });
    await publish(`${stream}.x`, [2]);
    await until(() => seen.length === 2, 5000, "a message after the recreation");
    expect(seen).toEqual([1, 2]);
  });

  it("recreates an ephemeral consumer by default, resuming after the last message it delivered", async () => {
    const stream = await freshStream(env.nc);
    const events: StatusEvent[] = [];
    const seen: number[] = [];
    await publish(`${stream}.x`, [1, 2, 3]);
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const subscription = await subscriber.subscribe(
      { stream, config: { inactiveThreshold: 30_000 } },
      (m) => void seen.push(m.payload),
      { onStatus: (e) => events.push(e) },
    );
    await until(() => seen.length === 3, 5000, "3 messages");
    const consumers: string[] = [];
    for await (const c of env.jsm.consumers.list(stream)) consumers.push(c.name);
    expect(consumers).toHaveLength(1);
    await env.jsm.consumers.delete(stream, consumers[0] as string);
    await until(() => events.some((e) => e.type === "consumer_recreated"), 10_000, "consumer_recreated");
    await publish(`${stream}.x`, [4, 5]);
    await until(() => seen.length === 5, 5000, "2 more messages");
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(subscription.subject).toBe(`${stream}/${consumers[0]}`);
  });
});
