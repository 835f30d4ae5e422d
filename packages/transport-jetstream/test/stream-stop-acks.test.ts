import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JetStreamPublisher, JetStreamSubscriber } from "../src/index.js";
import { connectTo, freshStream, type TestEnv, testEnv } from "./support.js";

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

/** Records, in order, which socket writes carried acks and which carried a PING (a flush). */
function watchWrites(nc: NatsConnection): string[] {
  const writes: string[] = [];
  const transport = (nc as unknown as { protocol: { transport: { send: (frame: Uint8Array) => void } } })
    .protocol.transport;
  const send = transport.send.bind(transport);
  transport.send = (frame: Uint8Array) => {
    const text = Buffer.from(frame).toString("latin1");
    if (text.includes("+ACK")) writes.push("ack");
    if (text.includes("PING\r\n")) writes.push("ping");
    send(frame);
  };
  return writes;
}

/**
 * Acks leave through a once-per-turn batcher. Stopping a `messages()` stream flushes the connection so the acks
 * the reader made have reached the server when `stop()` resolves; the batched ones must go out before that
 * flush's PING, not after it.
 */
describe("JetStreamSubscriber messages() stop", () => {
  it("sends the reader's last acks before the flush that stop() waits for", async () => {
    const stream = await freshStream(env.nc, "stopacks");
    const publisher = new JetStreamPublisher<number>(env.nc, jsonCodec<number>());
    for (let i = 0; i < 20; i++) await publisher.publish(`${stream}.x`, i);
    const nc = await connectTo(env.server);
    const subscriber = new JetStreamSubscriber<number>(nc, jsonCodec<number>());
    const messages = await subscriber.messages({ stream, config: { durable: "stopacks" } });
    const writes = watchWrites(nc);
    let read = 0;
    for await (const m of messages) {
      m.ack();
      if (++read === 20) break;
    }
    await messages.stop();
    const lastAck = writes.lastIndexOf("ack");
    expect(lastAck).toBeGreaterThanOrEqual(0);
    expect(writes.slice(lastAck)).toContain("ping");
    const info = await env.jsm.consumers.info(stream, "stopacks");
    expect(info.num_ack_pending).toBe(0);
    expect(info.ack_floor.consumer_seq).toBe(20);
    await subscriber.close();
    await nc.close();
  });
});
