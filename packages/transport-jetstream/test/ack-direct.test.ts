import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JetStreamPublisher, JetStreamSubscriber } from "../src/index.js";
import { connectTo, freshStream, type TestEnv, testEnv, until } from "./support.js";

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

/**
 * Records each ack and whether a microtask the handler queued had run when the ack reached nats.js. Acks go out
 * through the protocol handler (JsMsg.ack → Msg.respond), not through nc.publish.
 */
function watchAcks(nc: NatsConnection): { acks: boolean[]; handlerStarted: () => void } {
  const acks: boolean[] = [];
  let microtaskRan = false;
  const protocol = (nc as unknown as { protocol: { publish: (subject: string, ...rest: unknown[]) => void } })
    .protocol;
  const publish = protocol.publish.bind(protocol);
  protocol.publish = (subject: string, ...rest: unknown[]) => {
    if (subject.startsWith("$JS.ACK.")) acks.push(microtaskRan);
    publish(subject, ...rest);
  };
  return {
    acks,
    handlerStarted: () => {
      microtaskRan = false;
      queueMicrotask(() => {
        microtaskRan = true;
      });
    },
  };
}

/**
 * Acks are batched once per event-loop turn so that async handlers share socket writes. A handler that settles
 * synchronously while the socket reader delivers needs no batching: nats.js's own flush, a microtask after the
 * reader's chunk, writes those acks together; deferring them a turn only delayed them (facade end to end 1.0 →
 * 0.6-0.8 of the raw client in pnpm bench).
 */
describe("JetStreamSubscriber acks", () => {
  it("are sent at once when the handler settles synchronously during delivery", async () => {
    const stream = await freshStream(env.nc, "direct");
    const publisher = new JetStreamPublisher<number>(env.nc, jsonCodec<number>());
    for (let i = 0; i < 10; i++) await publisher.publish(`${stream}.x`, i);
    const nc = await connectTo(env.server);
    const watched = watchAcks(nc);
    const subscriber = new JetStreamSubscriber<number>(nc, jsonCodec<number>());
    await subscriber.subscribe({ stream, config: { durable: "direct" } }, () => {
      watched.handlerStarted();
    });
    await until(() => watched.acks.length === 10, 5000, "ten acks");
    expect(watched.acks).toEqual(Array(10).fill(false));
    await subscriber.close();
    const info = await env.jsm.consumers.info(stream, "direct");
    expect(info.ack_floor.consumer_seq).toBe(10);
    await nc.close();
  });

  it("are still batched when an async handler settles later", async () => {
    const stream = await freshStream(env.nc, "batched");
    const publisher = new JetStreamPublisher<number>(env.nc, jsonCodec<number>());
    for (let i = 0; i < 10; i++) await publisher.publish(`${stream}.x`, i);
    const nc = await connectTo(env.server);
    const watched = watchAcks(nc);
    const subscriber = new JetStreamSubscriber<number>(nc, jsonCodec<number>());
    await subscriber.subscribe({ stream, config: { durable: "batched" } }, async () => {
      watched.handlerStarted();
      await Promise.resolve();
    });
    await until(() => watched.acks.length === 10, 5000, "ten acks");
    expect(watched.acks).toEqual(Array(10).fill(true));
    await subscriber.close();
    await nc.close();
  });
});
