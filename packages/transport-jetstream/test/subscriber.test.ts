import { jsonCodec } from "@natsflux/codec-json";
import {
  backoffRetryPolicy,
  ConfigError,
  NonRetryableError,
  type StatusEvent,
  SubscribeError,
} from "@natsflux/core";
import { gate, versionAtLeast } from "@natsflux/testing";
import { isPending } from "@natsflux/testing/conformance";
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

async function publishNumbers(subject: string, from: number, to: number): Promise<void> {
  await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
  const pipe = publisher.pipeline();
  for (let i = from; i <= to; i++) await pipe.publish(subject, i);
  expect((await pipe.flush()).failed).toEqual([]);
}

async function ackPending(stream: string, consumer: string): Promise<number> {
  return (await env.jsm.consumers.info(stream, consumer)).num_ack_pending;
}

describe("JetStreamSubscriber handler mode", () => {
  it("handles every message in order and acks it", async () => {
    const stream = await freshStream(env.nc);
    await publishNumbers(`${stream}.n`, 1, 300);
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const seen: number[] = [];
    const subscription = await subscriber.subscribe({ stream, config: { durable: "all" } }, (message) => {
      seen.push(message.payload);
    });
    expect(subscription.subject).toBe(`${stream}/all`);
    await until(() => seen.length === 300, 10_000, "300 messages");
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    await subscription.drain();
    const info = await env.jsm.consumers.info(stream, "all");
    expect(info.ack_floor.stream_seq).toBe(300);
    expect(info.num_ack_pending).toBe(0);
  });

  it("naks a failure with the retry policy's delay, and max_deliver stops the redeliveries", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "retry", maxDeliver: 3 });
    await publishNumbers(`${stream}.n`, 1, 1);
    const deliveries: Array<{ at: number; count: number }> = [];
    const events: StatusEvent[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    await subscriber.subscribe(
      { stream, consumer: "retry" },
      (message) => {
        deliveries.push({ at: performance.now(), count: message.info.deliveryCount });
        throw new Error("downstream unavailable");
      },
      { retryPolicy: backoffRetryPolicy({ delays: [300, 700] }), onStatus: (e) => events.push(e) },
    );
    await until(() => deliveries.length === 3, 5000, "3 deliveries");
    // max_deliver reached: once the server has dropped the message from pending, nothing can come back.
    await until(async () => (await ackPending(stream, "retry")) === 0, 5000, "the server to give up");
    expect(deliveries.map((d) => d.count)).toEqual([1, 2, 3]);
    const gaps = [1, 2].map((i) => (deliveries[i]?.at ?? 0) - (deliveries[i - 1]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(280);
    expect(gaps[0]).toBeLessThan(650);
    expect(gaps[1]).toBeGreaterThanOrEqual(680);
    expect(gaps[1]).toBeLessThan(1100);
    expect(events.filter((e) => e.type === "handler_error")).toHaveLength(3);
    expect(await ackPending(stream, "retry")).toBe(0);
  });

  it("follows the consumer's backoff on ack-wait expiries, up to max_deliver", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "bo", backoff: [300, 700], maxDeliver: 3 });
    await publishNumbers(`${stream}.n`, 1, 1);
    const deliveries: number[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    // Manual mode and never settling: only ack_wait (replaced by backoff[0]) brings it back.
    await subscriber.subscribe({ stream, consumer: "bo" }, () => void deliveries.push(performance.now()), {
      ack: "manual",
    });
    await until(() => deliveries.length === 3, 5000, "3 deliveries");
    // The third delivery's ack_wait expires at max_deliver: the server drops it and nothing can come back.
    await until(async () => (await ackPending(stream, "bo")) === 0, 5000, "the server to give up");
    expect(deliveries).toHaveLength(3);
    const gaps = [1, 2].map((i) => (deliveries[i] ?? 0) - (deliveries[i - 1] ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(280);
    expect(gaps[0]).toBeLessThan(650);
    expect(gaps[1]).toBeGreaterThanOrEqual(680);
    expect(gaps[1]).toBeLessThan(1100);
  });

  it("a delayed nak on a consumer with a server backoff redelivers after the delay asked for", async () => {
    // The server adds this delivery's backoff step (less ack_wait = backoff[0]) to a nak delay; the message
    // must compensate, or the policy's 1.2 s would come back after 1.8 s.
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "nakbo", backoff: [300, 900], maxDeliver: 4 });
    await publishNumbers(`${stream}.n`, 1, 1);
    const deliveries: number[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    await subscriber.subscribe(
      { stream, consumer: "nakbo" },
      () => {
        deliveries.push(performance.now());
        throw new Error("downstream unavailable");
      },
      { retryPolicy: backoffRetryPolicy({ delays: [600, 1200] }) },
    );
    await until(() => deliveries.length === 4, 6000, "4 deliveries");
    const gaps = [1, 2, 3].map((i) => (deliveries[i] ?? 0) - (deliveries[i - 1] ?? 0));
    [600, 1200, 1200].forEach((want, i) => {
      expect(gaps[i], `gaps ${gaps.map(Math.round).join(", ")}`).toBeGreaterThanOrEqual(want * 0.9);
      expect(gaps[i], `gaps ${gaps.map(Math.round).join(", ")}`).toBeLessThanOrEqual(want * 1.1);
    });
    expect((await env.jsm.consumers.info(stream, "nakbo")).config.ack_wait).toBe(300_000_000);
  });

  it("terms a NonRetryableError at once: never redelivered", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "poison", ackWait: 500 });
    await publishNumbers(`${stream}.n`, 1, 2);
    const seen: number[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    await subscriber.subscribe({ stream, consumer: "poison" }, (message) => {
      seen.push(message.payload);
      if (message.payload === 1) throw new NonRetryableError("bad order");
    });
    await until(() => seen.length >= 2, 5000, "2 messages");
    // Both settled on the server (one termed, one acked): neither can be redelivered.
    await until(async () => (await ackPending(stream, "poison")) === 0, 5000, "both settled");
    expect(seen).toEqual([1, 2]);
    const info = await env.jsm.consumers.info(stream, "poison");
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
  });

  it("term(reason) terminates on every server (a plain term goes to servers before 2.11)", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "reason", ackWait: 500 });
    await publishNumbers(`${stream}.n`, 1, 1);
    const advisories: Array<Record<string, unknown>> = [];
    const advisory = env.nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${stream}.reason`, {
      callback: (_error, msg) => void advisories.push(msg.json()),
    });
    await env.nc.flush();
    let deliveries = 0;
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    await subscriber.subscribe(
      { stream, consumer: "reason" },
      (message) => {
        deliveries++;
        message.term("bad payload");
        expect(message.settled).toBe(true);
      },
      { ack: "manual" },
    );
    await until(() => deliveries === 1, 5000, "1 delivery");
    // Terminated on the server (its advisory sent): it cannot be redelivered.
    await until(
      async () => advisories.length === 1 && (await ackPending(stream, "reason")) === 0,
      5000,
      "the termination",
    );
    expect(deliveries).toBe(1);
    expect(await ackPending(stream, "reason")).toBe(0);
    advisory.unsubscribe();
    // The server says why where it can (2.11+); older ones got a plain term, which they understand.
    expect(advisories).toHaveLength(1);
    if (versionAtLeast(env.server.version, "2.11.0")) expect(advisories[0]?.reason).toBe("bad payload");
    else expect(advisories[0]?.reason).toBeUndefined();
  });

  it("working() keeps a slow handler's message from being redelivered", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "slow", ackWait: 1000 });
    await ensureConsumer(env.nc, stream, { durable: "control", ackWait: 1000 });
    await publishNumbers(`${stream}.n`, 1, 1);
    let slow = 0;
    let control = 0;
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const release = gate();
    const handler = (count: () => void) => async () => {
      count();
      await release.promise;
    };
    // The same handler, with and without working() every 400 ms; ack_wait is 1 s. Both run until the
    // control has been redelivered twice, so the slow one has outlived its ack_wait twice over.
    await subscriber.subscribe(
      { stream, consumer: "slow" },
      handler(() => slow++),
      { workingInterval: 400 },
    );
    await subscriber.subscribe(
      { stream, consumer: "control" },
      handler(() => control++),
      { concurrency: 3 },
    );
    await until(() => control >= 3, 6000, "the control's second redelivery");
    release.open();
    // The slow handler acks when it ends; the server applies the ack after our flush, so poll its state.
    await until(
      async () => (await env.jsm.consumers.info(stream, "slow")).ack_floor.stream_seq >= 1,
      5000,
      "the slow handler's ack",
    );
    const info = await env.jsm.consumers.info(stream, "slow");
    expect(slow).toBe(1);
    expect(info.num_redelivered).toBe(0);
    expect(info.ack_floor.stream_seq).toBe(1);
  });

  it("manual mode leaves settling to the handler; a settled message is not settled twice", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "manual" });
    await publishNumbers(`${stream}.n`, 1, 3);
    const seen: number[] = [];
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const subscription = await subscriber.subscribe(
      { stream, consumer: "manual" },
      (message) => {
        seen.push(message.payload);
        if (message.payload !== 2) message.ack();
      },
      { ack: "manual" },
    );
    await until(() => seen.length === 3, 5000, "3 messages");
    await subscription.drain();
    const info = await env.jsm.consumers.info(stream, "manual");
    expect(info.num_ack_pending).toBe(1);
    expect(info.ack_floor.stream_seq).toBe(1);

    // Auto mode with a handler that settles itself: its nak stands, no extra ack follows.
    const stream2 = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream2, { durable: "self", maxDeliver: 2 });
    await publishNumbers(`${stream2}.n`, 1, 1);
    let deliveries = 0;
    await subscriber.subscribe({ stream: stream2, consumer: "self" }, (message) => {
      deliveries++;
      message.nak(100);
    });
    await until(() => deliveries === 2, 5000, "the self-naked message to come back");
  });

  it("runs up to `concurrency` handlers at once", async () => {
    const stream = await freshStream(env.nc);
    await publishNumbers(`${stream}.n`, 1, 40);
    let running = 0;
    let max = 0;
    let done = 0;
    // Each handler holds until 4 run at once (40 = 10 full waves): a 5th at any time would show in max.
    let wave = gate();
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    await subscriber.subscribe(
      { stream, config: { durable: "par" } },
      async () => {
        const mine = wave;
        running++;
        max = Math.max(max, running);
        if (running === 4) {
          wave = gate();
          mine.open();
        }
        await mine.promise;
        running--;
        done++;
      },
      { concurrency: 4 },
    );
    await until(() => done === 40, 5000, "40 handled");
    expect(max).toBe(4);
  });

  it("stops pulling while bufferSize messages are held: the server never has more outstanding", async () => {
    const stream = await freshStream(env.nc);
    await publishNumbers(`${stream}.n`, 1, 2000);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let handled = 0;
    let maxPending = 0;
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    await subscriber.subscribe(
      { stream, config: { durable: "bp" } },
      async () => {
        await gate;
        handled++;
      },
      { bufferSize: 64 },
    );
    // Wait until the loop has stopped asking (no pull request waiting on the server) with messages held; the
    // delivered sequence then counts everything the server ever sent.
    await until(
      async () => {
        const info = await env.jsm.consumers.info(stream, "bp");
        maxPending = info.delivered.stream_seq;
        return info.num_waiting === 0 && info.num_ack_pending === 64;
      },
      5000,
      "the pull loop to fill its buffer and stop",
    );
    // 64 = bufferSize: everything received and not finished, plus everything asked for.
    expect(maxPending).toBe(64);
    expect(handled).toBe(0);
    release();
    await until(() => handled === 2000, 20_000, "2000 handled");
  });

  it("stop() waits for the running handler and its ack, and naks what was buffered", async () => {
    const stream = await freshStream(env.nc);
    await ensureConsumer(env.nc, stream, { durable: "stop", ackWait: 3000 });
    await publishNumbers(`${stream}.n`, 1, 50);
    let started = 0;
    let finished = 0;
    const subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const running = gate();
    const subscription = await subscriber.subscribe({ stream, consumer: "stop" }, async () => {
      started++;
      await running.promise;
      finished++;
    });
    await until(() => started === 1, 5000, "the first handler");
    const stopping = subscription.stop();
    expect(await isPending(stopping)).toBe(true); // the handler is still running
    running.open();
    await stopping;
    expect([started, finished]).toEqual([1, 1]);
    // The running one was acked, and flushed, before stop() resolved.
    expect((await env.jsm.consumers.info(stream, "stop")).ack_floor.stream_seq).toBe(1);
    // The buffered ones were naked: a new subscription gets them at once, not after the 3 s ack_wait.
    // (2.9.10 holds back one naked message until ack_wait, a server quirk the raw client shows too.)
    const again = new Set<number>();
    const resumed = Date.now();
    await subscriber.subscribe({ stream, consumer: "stop" }, (message) => void again.add(message.payload));
    await until(() => again.size >= 48, 1500, "48 naked messages at once");
    await until(() => again.size === 49, 6000, "the 49 naked messages");
    expect(Date.now() - resumed).toBeLessThan(6000);
    expect(again.has(1)).toBe(false);
    await subscriber.close();
  });

  it("validates its options before creating anything", async () => {
    const stream = await freshStream(env.nc);
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const target = { stream, config: { durable: "never" } };
    await expect(
      subscriber.subscribe(target, () => {}, { batch: 300, bufferSize: 100 }),
    ).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe(target, () => {}, { expires: 10 })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe(target, () => {}, { concurrency: 0 })).rejects.toThrow();
    await expect(env.jsm.consumers.info(stream, "never")).rejects.toThrow(/consumer not found/);
    await expect(subscriber.subscribe({ stream, consumer: "missing" }, () => {})).rejects.toBeInstanceOf(
      SubscribeError,
    );
  });
});

/** Waits until the server has delivered `count` messages of the consumer (acked or not). */
async function allDelivered(stream: string, consumer: string, count: number): Promise<void> {
  await until(
    async () => (await env.jsm.consumers.info(stream, consumer)).delivered.stream_seq >= count,
    5000,
    `"${consumer}" to be sent ${count} messages`,
  );
}

describe("JetStreamSubscriber messages()", () => {
  it("yields messages for the reader to ack, holding at most bufferSize", async () => {
    const stream = await freshStream(env.nc);
    await publishNumbers(`${stream}.n`, 1, 500);
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const messages = await subscriber.messages({ stream, config: { durable: "it" } }, { bufferSize: 32 });
    // Nobody reads: the pull loop asks for what fits and stops (no pull request left waiting on the server).
    let held = 0;
    await until(
      async () => {
        const info = await env.jsm.consumers.info(stream, "it");
        held = info.delivered.stream_seq;
        return info.num_waiting === 0 && info.num_ack_pending > 0;
      },
      5000,
      "the pull loop to fill its buffer and stop",
    );
    expect(held).toBeLessThanOrEqual(32);
    const seen: number[] = [];
    for await (const message of messages) {
      seen.push(message.payload);
      message.ack();
      if (seen.length === 500) break;
    }
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    await messages.closed;
    await env.nc.flush();
    expect((await env.jsm.consumers.info(stream, "it")).ack_floor.stream_seq).toBe(500);
  });

  it("breaking out naks what was buffered, so it comes back well before ack_wait", async () => {
    const stream = await freshStream(env.nc);
    await publishNumbers(`${stream}.n`, 1, 20);
    await ensureConsumer(env.nc, stream, { durable: "brk", ackWait: 3000 });
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const first = await subscriber.messages({ stream, consumer: "brk" });
    for await (const message of first) {
      message.ack();
      // Break only once the server has sent all 20: what is still on its way at stop() is, by design,
      // redelivered after ack_wait, and on a loaded machine that made this test measure the wrong thing.
      await allDelivered(stream, "brk", 20);
      break;
    }
    await first.closed;
    const again = await subscriber.messages({ stream, consumer: "brk" });
    const seen = new Set<number>();
    let soon = 0;
    const started = Date.now();
    for await (const message of again) {
      seen.add(message.payload);
      message.ack();
      if (Date.now() - started < 1500) soon = seen.size;
      if (seen.size === 19) break;
    }
    // Redelivery order is the server's business. What matters: the naked ones did not wait for ack_wait
    // (2.9.10 holds one of them back until then, a server quirk the raw client shows too).
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
    expect(soon).toBeGreaterThanOrEqual(18);
  });
});
