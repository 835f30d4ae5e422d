import { jsonCodec } from "@natsflux/codec-json";
import {
  AbortedError,
  ClosedError,
  ConfigError,
  EncodeError,
  PublishError,
  TimeoutError,
} from "@natsflux/core";
import { uniqueName } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JetStreamConsumer, JetStreamPublisher, PublishTimeoutError } from "../src/index.js";
import { freshStream, type TestEnv, testEnv } from "./support.js";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

describe("JetStreamPublisher", () => {
  it("resolves with the PubAck of the stored message", async () => {
    const stream = await freshStream(env.nc);
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<{ n: number }>());
    const first = await publisher.publish(`${stream}.a`, { n: 1 });
    const second = await publisher.publish(`${stream}.a`, { n: 2 });
    expect(first).toEqual({ stream, seq: 1, duplicate: false });
    expect(second).toEqual({ stream, seq: 2, duplicate: false });
  });

  it("drops a duplicate msgId: the PubAck says duplicate and the stream keeps one copy", async () => {
    const stream = await freshStream(env.nc);
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<string>());
    const first = await publisher.publish(`${stream}.a`, "x", { msgId: "order-1" });
    const again = await publisher.publish(`${stream}.a`, "x", { msgId: "order-1" });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ stream, seq: first.seq, duplicate: true });
    expect((await env.jsm.streams.info(stream)).state.messages).toBe(1);
  });

  it("keeps header keys exactly as given", async () => {
    const stream = await freshStream(env.nc);
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    await publisher.publish(`${stream}.h`, 1, { headers: { "ce-id": "1", "X-MiXeD-Case": "v" } });
    await using consumer = new JetStreamConsumer(env.nc, jsonCodec<number>(), {
      stream,
      config: { durable: "h" },
    });
    const message = await consumer.next({ expires: 2000 });
    expect(message?.headers).toMatchObject({ "ce-id": "1", "X-MiXeD-Case": "v" });
    expect(Object.keys(message?.headers ?? {})).not.toContain("Ce-Id");
  });

  it("fails with a PublishError saying no stream captures the subject", async () => {
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    const subject = `${uniqueName("nowhere")}.x`;
    const error = await publisher.publish(subject, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).subject).toBe(subject);
    expect((error as Error).message).toMatch(/no stream captures this subject/);
  });

  it("fails with a PublishTimeoutError (a TimeoutError) that explains a retry needs the msgId", async () => {
    // Something answers nothing on the subject: the request waits out the timeout, like a stalled stream.
    const subject = `${uniqueName("silent")}.x`;
    const sub = env.nc.subscribe(subject, { callback: () => {} });
    await env.nc.flush();
    try {
      await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
      const error = await publisher
        .publish(subject, 1, { timeout: 200, msgId: "m-1" })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PublishTimeoutError);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).timeoutMs).toBe(200);
      expect((error as Error).message).toMatch(/may or may not have been stored/);
      expect((error as Error).message).toMatch(/m-1/);
    } finally {
      sub.unsubscribe();
    }
  });

  it("rejects with PublishError when an expectation does not hold", async () => {
    const stream = await freshStream(env.nc);
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    await publisher.publish(`${stream}.a`, 1);
    const error = await publisher
      .publish(`${stream}.a`, 2, { expect: { lastSequence: 5 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as Error).message).toMatch(/refused by the stream/);
    await expect(
      publisher.publish(`${stream}.a`, 2, { expect: { lastSequence: 1, stream } }),
    ).resolves.toMatchObject({ seq: 2 });
  });

  it("rejects with AbortedError, EncodeError and, once closed, ClosedError", async () => {
    const stream = await freshStream(env.nc);
    const publisher = new JetStreamPublisher(env.nc, jsonCodec<unknown>());
    const controller = new AbortController();
    controller.abort();
    await expect(publisher.publish(`${stream}.a`, 1, { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortedError,
    );
    await expect(publisher.publish(`${stream}.a`, 1n)).rejects.toBeInstanceOf(EncodeError);
    expect((await env.jsm.streams.info(stream)).state.messages).toBe(0);
    await Promise.all([publisher.close(), publisher.close()]);
    await expect(publisher.publish(`${stream}.a`, 1)).rejects.toBeInstanceOf(ClosedError);
  });
});

describe("PublishPipeline", () => {
  it("keeps at most `window` publishes in flight and reports every result", async () => {
    const stream = await freshStream(env.nc);
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    const pipe = publisher.pipeline({ window: 16 });
    let maxInFlight = 0;
    const acks: Array<Promise<{ seq: number }>> = [];
    for (let i = 0; i < 500; i++) {
      const { ack } = await pipe.publish(`${stream}.p`, i);
      maxInFlight = Math.max(maxInFlight, pipe.inFlight);
      acks.push(ack);
    }
    const summary = await pipe.flush();
    expect(maxInFlight).toBeLessThanOrEqual(16);
    expect(summary).toEqual({ acked: 500, failed: [] });
    const seqs = (await Promise.all(acks)).map((a) => a.seq);
    expect(new Set(seqs).size).toBe(500);
    expect((await env.jsm.streams.info(stream)).state.messages).toBe(500);
  });

  it("reports failures per message without failing the others", async () => {
    const stream = await freshStream(env.nc);
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    await using pipe = publisher.pipeline({ window: 4 });
    const good = await pipe.publish(`${stream}.ok`, 1);
    const bad = await pipe.publish(`${uniqueName("nowhere")}.x`, 2, { msgId: "lost-1" });
    const dup = await pipe.publish(`${stream}.ok`, 3, { msgId: "d" });
    const dup2 = await pipe.publish(`${stream}.ok`, 3, { msgId: "d" });
    await expect(good.ack).resolves.toMatchObject({ stream, duplicate: false });
    await expect(bad.ack).rejects.toBeInstanceOf(PublishError);
    expect((await dup2.ack).duplicate).toBe(true);
    expect((await dup.ack).duplicate).toBe(false);
    const summary = await pipe.flush();
    expect(summary.acked).toBe(3);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]).toMatchObject({ msgId: "lost-1" });
    expect(summary.failed[0]?.error).toBeInstanceOf(PublishError);
    // A second flush starts a new count.
    expect(await pipe.flush()).toEqual({ acked: 0, failed: [] });
  });

  it("answers `ack` read only after flush(), for acked and failed publishes alike", async () => {
    const stream = await freshStream(env.nc);
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    await using pipe = publisher.pipeline({ window: 8 });
    const sent = [];
    for (let i = 0; i < 20; i++) sent.push(await pipe.publish(`${stream}.late`, i));
    const lost = await pipe.publish(`${uniqueName("nowhere")}.x`, 99, { msgId: "late-1" });
    const summary = await pipe.flush();
    expect(summary.acked).toBe(20);
    expect(summary.failed.map((f) => f.msgId)).toEqual(["late-1"]);
    const seqs = await Promise.all(sent.map(async (p) => (await p.ack).seq));
    expect(seqs).toEqual([...Array(20).keys()].map((i) => i + 1));
    await expect(lost.ack).rejects.toBeInstanceOf(PublishError);
    // Read twice: the same settled promise.
    expect(lost.ack).toBe(lost.ack);
  });

  it("throws EncodeError and header ConfigError from publish() itself; refuses publishes after close()", async () => {
    const stream = await freshStream(env.nc);
    const publisher = new JetStreamPublisher(env.nc, jsonCodec<unknown>());
    const pipe = publisher.pipeline();
    await expect(pipe.publish(`${stream}.x`, 1n)).rejects.toBeInstanceOf(EncodeError);
    await expect(pipe.publish(`${stream}.x`, 1, { headers: { "bad:key": "v" } })).rejects.toBeInstanceOf(
      ConfigError,
    );
    await pipe.publish(`${stream}.x`, 1);
    // Closing the publisher flushes its open pipelines.
    await publisher.close();
    expect(pipe.inFlight).toBe(0);
    await expect(pipe.publish(`${stream}.x`, 2)).rejects.toBeInstanceOf(ClosedError);
    expect((await env.jsm.streams.info(stream)).state.messages).toBe(1);
  });
});
