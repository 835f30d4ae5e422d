import { jsonCodec } from "@natsflux/codec-json";
import { AbortedError, ClosedError, DecodeError, type StatusEvent, SubscribeError } from "@natsflux/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureConsumer, JetStreamConsumer, JetStreamPublisher } from "../src/index.js";
import { freshStream, type TestEnv, testEnv, until } from "./support.js";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

async function publishNumbers(subject: string, count: number): Promise<void> {
  await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
  for (let i = 1; i <= count; i++) await publisher.publish(subject, i);
}

describe("JetStreamConsumer", () => {
  it("fetch(n) returns up to n messages, fewer when expires passes first", async () => {
    const stream = await freshStream(env.nc);
    await publishNumbers(`${stream}.n`, 5);
    await using consumer = new JetStreamConsumer(env.nc, jsonCodec<number>(), {
      stream,
      config: { durable: "pull" },
    });
    const first = await consumer.fetch(3, { expires: 1000 });
    expect(first.map((m) => m.payload)).toEqual([1, 2, 3]);
    expect(first[0]?.info).toMatchObject({ stream, consumer: "pull", streamSequence: 1, deliveryCount: 1 });
    for (const m of first) m.ack();
    const started = Date.now();
    const rest = await consumer.fetch(10, { expires: 1000 });
    expect(rest.map((m) => m.payload)).toEqual([4, 5]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    for (const m of rest) m.ack();
  });

  it("next() returns one message, or null when none arrives before expires", async () => {
    const stream = await freshStream(env.nc);
    await publishNumbers(`${stream}.n`, 1);
    await using consumer = new JetStreamConsumer(env.nc, jsonCodec<number>(), {
      stream,
      config: { durable: "one" },
    });
    const message = await consumer.next({ expires: 1000 });
    expect(message?.payload).toBe(1);
    message?.ack();
    expect(await consumer.next({ expires: 1000 })).toBeNull();
  });

  it("iterates one message at a time until closed; unacked ones come back", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "iter", ackWait: 1000 });
    await publishNumbers(`${stream}.n`, 3);
    const consumer = new JetStreamConsumer(
      env.nc,
      jsonCodec<number>(),
      { stream, consumer: "iter" },
      { expires: 1000 },
    );
    const seen: Array<[number, number]> = [];
    for await (const message of consumer) {
      seen.push([message.payload, message.info.deliveryCount]);
      if (message.payload !== 2 || message.info.deliveryCount > 1) message.ack();
      if (seen.length === 4) break;
    }
    expect(seen.slice(0, 3)).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    // The unacked message comes back. Usually on its 2nd delivery; on a loaded machine a redelivery can land
    // on a pull that already expired client-side, and the server delivers it again after ack_wait.
    const [payload, deliveryCount] = seen[3] as [number, number];
    expect(payload).toBe(2);
    expect(deliveryCount).toBeGreaterThanOrEqual(2);
    await consumer.close();
    await expect(consumer.next()).rejects.toBeInstanceOf(ClosedError);
  });

  it("an abort signal rejects fetch with AbortedError; close() ends a waiting fetch", async () => {
    const stream = await freshStream(env.nc);
    const consumer = new JetStreamConsumer(env.nc, jsonCodec<number>(), {
      stream,
      config: { durable: "ab" },
    });
    const controller = new AbortController();
    const pullWaiting = () =>
      until(
        () =>
          env.jsm.consumers.info(stream, "ab").then(
            (i) => i.num_waiting > 0,
            () => false,
          ),
        5000,
        "the fetch's pull request on the server",
      );
    const aborted = consumer.fetch(5, { expires: 10_000, signal: controller.signal });
    await pullWaiting();
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    const waiting = consumer.fetch(5, { expires: 10_000 });
    await pullWaiting();
    const started = Date.now();
    await consumer.close();
    expect(await waiting).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("terms undecodable messages instead of returning them, and reports them", async () => {
    const stream = await freshStream(env.nc);
    const raw = new JetStreamPublisher(env.nc, {
      name: "raw",
      contentType: "application/octet-stream",
      encode: (v: Uint8Array) => v,
      decode: (d: Uint8Array) => d,
    });
    await raw.publish(`${stream}.n`, new TextEncoder().encode("{not json"));
    await raw.publish(`${stream}.n`, new TextEncoder().encode("7"));
    const events: StatusEvent[] = [];
    await using consumer = new JetStreamConsumer(
      env.nc,
      jsonCodec<number>(),
      { stream, config: { durable: "dec", ackWait: 10_000 } },
      { onStatus: (e) => events.push(e) },
    );
    const got = await consumer.fetch(2, { expires: 1000 });
    expect(got.map((m) => m.payload)).toEqual([7]);
    got[0]?.ack();
    expect(events[0]).toMatchObject({ type: "error" });
    expect((events[0] as { error: unknown }).error).toBeInstanceOf(DecodeError);
    // Acks and terms are written once per event-loop turn; on a loaded machine the server may need a moment.
    await env.nc.flush();
    await until(
      async () => (await env.jsm.consumers.info(stream, "dec")).num_ack_pending === 0,
      5000,
      "the acks and terms to be applied",
      50,
    );
    await raw.close();
  });

  it("fails with SubscribeError when the consumer does not exist", async () => {
    const stream = await freshStream(env.nc);
    await using consumer = new JetStreamConsumer(env.nc, jsonCodec<number>(), { stream, consumer: "nope" });
    await expect(consumer.fetch(1, { expires: 1000 })).rejects.toBeInstanceOf(SubscribeError);
  });
});
