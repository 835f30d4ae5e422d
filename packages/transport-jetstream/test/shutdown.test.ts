import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError, type HandlerContext } from "@natsflux/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JetStreamPublisher, JetStreamSubscriber } from "../src/index.js";
import { freshStream, type TestEnv, testEnv, until } from "./support.js";

// Shutdown is bounded even when a handler never finishes (issue 15): close() returns within drainTimeout plus
// the core stop grace (500 ms) and the ack flush, and the handler's signal is aborted.
let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

describe("JetStreamSubscriber bounded close", () => {
  it("close() returns within drainTimeout + 1 s with a hung handler, whose signal is aborted", async () => {
    const stream = await freshStream(env.nc);
    const publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    await publisher.publish(`${stream}.n`, 1);
    await publisher.close();
    const subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const contexts: HandlerContext[] = [];
    const drainTimeout = 1000;
    const sub = await subscriber.subscribe(
      { stream, config: { durable: "hung" } },
      (_message, context) => {
        contexts.push(context);
        return new Promise<never>(() => {});
      },
      { drainTimeout },
    );
    await until(() => sub.inFlight === 1, 5000, "the handler is running");
    const started = performance.now();
    await subscriber.close();
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(drainTimeout - 50);
    expect(took).toBeLessThan(drainTimeout + 1000);
    expect(contexts[0]?.signal.aborted).toBe(true);
    await expect(sub.closed).resolves.toBeUndefined();
    // Never acked: the server still holds it for redelivery.
    expect((await env.jsm.consumers.info(stream, "hung")).num_ack_pending).toBe(1);
  });

  it("rejects an invalid drainTimeout before touching the consumer", async () => {
    const stream = await freshStream(env.nc);
    const subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    await expect(
      subscriber.subscribe({ stream, config: { durable: "bad" } }, () => {}, { drainTimeout: 0 }),
    ).rejects.toBeInstanceOf(ConfigError);
    await expect(env.jsm.consumers.info(stream, "bad")).rejects.toThrow();
    await subscriber.close();
  });
});
