import type { JsMsg } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { type StatusEvent, SubscribeError } from "@natsflux/core";
import { nextTurn } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveHandles } from "../src/connection.js";
import { ConsumerBinding } from "../src/consume/consumer-binding.js";
import { PullLoop, type PullSink } from "../src/consume/pull-loop.js";
import { ensureConsumer, JetStreamPublisher } from "../src/index.js";
import { connectTo, freshStream, type TestEnv, testEnv, until } from "./support.js";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

/** Holds every message it is given until the test releases (acks) them, like an application that is busy. */
class HoldingSink implements PullSink {
  readonly messages: JsMsg[] = [];
  #waiters: Array<{ limit: number; resolve: () => void }> = [];

  get held(): number {
    return this.messages.length;
  }

  whenBelow(limit: number): Promise<void> {
    if (this.held < limit) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ limit, resolve }));
  }

  deliver(message: JsMsg): void {
    this.messages.push(message);
  }

  release(count: number): void {
    for (const message of this.messages.splice(0, count)) message.ack();
    const ready = this.#waiters.filter((w) => this.held < w.limit);
    this.#waiters = this.#waiters.filter((w) => this.held >= w.limit);
    for (const waiter of ready) waiter.resolve();
  }
}

interface Running {
  readonly loop: PullLoop;
  readonly sink: HoldingSink;
  readonly events: StatusEvent[];
  readonly fatal: SubscribeError[];
}

async function run(
  nc: NatsConnection,
  stream: string,
  consumer: string,
  options: { batch: number; capacity: number; expires?: number; idleHeartbeat?: number; recreate?: boolean },
): Promise<Running> {
  const handles = resolveHandles(nc);
  const binding = await ConsumerBinding.open(handles, { stream, consumer }, options.recreate ?? false);
  const sink = new HoldingSink();
  const events: StatusEvent[] = [];
  const fatal: SubscribeError[] = [];
  const loop = new PullLoop(
    nc,
    binding,
    sink,
    {
      batch: options.batch,
      capacity: options.capacity,
      expires: options.expires ?? 5000,
      idleHeartbeat: options.idleHeartbeat ?? 1000,
      onStatus: (event) => events.push(event),
      js: handles.js,
    },
    (error) => fatal.push(error),
  );
  loop.start();
  return { loop, sink, events, fatal };
}

async function publish(stream: string, count: number): Promise<void> {
  await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
  for (let n = 1; n <= count; n++) await publisher.publish(`${stream}.n`, n);
}

const info = (stream: string, consumer: string) => env.jsm.consumers.info(stream, consumer);

/** After the loop had a chance to send a pull, and the server to receive it: what the server has done since. */
async function serverView(stream: string, consumer: string) {
  await nextTurn();
  await env.nc.flush();
  const current = await info(stream, consumer);
  return { delivered: current.delivered.stream_seq, waiting: current.num_waiting };
}

describe("PullLoop batch reservation", () => {
  it("asks for a whole batch only when held + asked for + batch fits the capacity", async () => {
    const stream = await freshStream(env.nc, "pl");
    await ensureConsumer(env.nc, stream, { durable: "res" });
    await publish(stream, 30);
    const { loop, sink } = await run(env.nc, stream, "res", { batch: 5, capacity: 10 });
    try {
      // Two slots, one batch each: 10 held, and no pull left on the server (both were filled).
      await until(() => sink.held === 10, 5000, "two batches");
      expect(await serverView(stream, "res")).toEqual({ delivered: 10, waiting: 0 });

      // 6 held + a batch of 5 > 10: no new pull, and the server, holding no pull, cannot send more.
      sink.release(4);
      expect(await serverView(stream, "res")).toEqual({ delivered: 10, waiting: 0 });

      // 5 held + 5 fits: exactly one more batch.
      sink.release(1);
      await until(() => sink.held === 10, 5000, "a third batch");
      expect(await serverView(stream, "res")).toEqual({ delivered: 15, waiting: 0 });

      // Everything let go: both slots pull again; the stream has 15 left, so they hold 10 and stop.
      sink.release(10);
      await until(() => sink.held === 10, 5000, "two more batches");
      expect(await serverView(stream, "res")).toEqual({ delivered: 25, waiting: 0 });
      sink.release(10);
      await until(() => sink.held === 5, 5000, "the last 5");
      // The stream is empty: the pulls now wait on the server for messages to come.
      await until(async () => (await info(stream, "res")).num_waiting > 0, 5000, "a waiting pull");
      expect(sink.messages.map((m) => m.seq)).toEqual([26, 27, 28, 29, 30]);
    } finally {
      await loop.stop();
    }
  });

  it("stop() ends the pulls: nothing more is asked for, whatever room there is", async () => {
    const stream = await freshStream(env.nc, "pl");
    await ensureConsumer(env.nc, stream, { durable: "stop" });
    const { loop, sink } = await run(env.nc, stream, "stop", { batch: 2, capacity: 4 });
    await until(async () => (await info(stream, "stop")).num_waiting > 0, 5000, "the pulls on the server");
    await loop.stop();
    await publish(stream, 3);
    // The pulls the server still held were for an inbox that is gone: nothing reaches the sink.
    expect((await serverView(stream, "stop")).delivered).toBeLessThanOrEqual(3);
    expect(sink.held).toBe(0);
  });
});

describe("PullLoop failure classification", () => {
  it("a deleted consumer ends the loop with a SubscribeError when it may not recreate it", async () => {
    const stream = await freshStream(env.nc, "pl");
    await ensureConsumer(env.nc, stream, { durable: "gone" });
    const { events, fatal } = await run(env.nc, stream, "gone", { batch: 2, capacity: 4 });
    await until(async () => (await info(stream, "gone")).num_waiting > 0, 5000, "the pulls on the server");
    await env.jsm.consumers.delete(stream, "gone");
    await until(() => fatal.length === 1, 5000, "the loop to fail");
    expect(fatal[0]).toBeInstanceOf(SubscribeError);
    expect(fatal[0]?.message).toMatch(/consumer "gone" on stream "pl\S+" (was deleted|no longer exists)/);
    expect(fatal[0]?.message).toContain("set recreateOnDelete");
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^consumer_(deleted|not_found)$/)]),
    );
  });

  it("a deleted consumer is recreated when the binding says so, and pulling resumes on it", async () => {
    const stream = await freshStream(env.nc, "pl");
    await ensureConsumer(env.nc, stream, { durable: "back" });
    const { loop, sink, events, fatal } = await run(env.nc, stream, "back", {
      batch: 2,
      capacity: 4,
      recreate: true,
    });
    try {
      await until(async () => (await info(stream, "back")).num_waiting > 0, 5000, "the pulls on the server");
      await env.jsm.consumers.delete(stream, "back");
      await until(() => events.some((e) => e.type === "consumer_recreated"), 10_000, "consumer_recreated");
      await publish(stream, 1);
      await until(() => sink.held === 1, 10_000, "a message on the recreated consumer");
      expect(fatal).toEqual([]);
    } finally {
      await loop.stop();
    }
  });

  it("a pull the server refuses with a 409 limit is reported and retried, not fatal", async () => {
    const stream = await freshStream(env.nc, "pl");
    await env.jsm.consumers.add(stream, {
      durable_name: "small",
      ack_policy: "explicit" as never,
      max_batch: 2,
    });
    const { loop, events, fatal } = await run(env.nc, stream, "small", { batch: 5, capacity: 10 });
    try {
      await until(
        () => events.filter((e) => e.type === "error").length >= 2,
        10_000,
        "the refusal, reported and retried",
      );
      const error = events.find((e) => e.type === "error") as { error: Error } | undefined;
      expect(error?.error.message).toMatch(/MaxRequestBatch/i);
      expect(fatal).toEqual([]);
    } finally {
      await loop.stop();
    }
  });

  it("a pull the server calls a bad request (400) ends the loop, naming the refusal", async () => {
    const stream = await freshStream(env.nc, "pl");
    await ensureConsumer(env.nc, stream, { durable: "bad" });
    // A heartbeat longer than half the expiry is refused by the server (pullSettings would not allow it).
    const { fatal } = await run(env.nc, stream, "bad", {
      batch: 2,
      capacity: 4,
      expires: 1000,
      idleHeartbeat: 900,
    });
    await until(() => fatal.length === 1, 5000, "the loop to fail");
    expect(fatal[0]?.message).toMatch(/the server refused the pull request \(.*heartbeat/i);
  });

  it("a closed connection ends the loop with a SubscribeError saying so", async () => {
    const stream = await freshStream(env.nc, "pl");
    await ensureConsumer(env.nc, stream, { durable: "closed" });
    const nc = await connectTo(env.server);
    const { fatal } = await run(nc, stream, "closed", { batch: 2, capacity: 4, idleHeartbeat: 500 });
    await until(async () => (await info(stream, "closed")).num_waiting > 0, 5000, "the pulls on the server");
    await nc.close();
    await until(() => fatal.length >= 1, 5000, "the loop to fail");
    expect(fatal[0]?.message).toContain("the connection was closed");
  });
});
