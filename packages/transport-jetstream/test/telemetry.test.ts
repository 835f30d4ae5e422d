import { jsonCodec } from "@natsflux/codec-json";
import type { ProcessOperation, PublishOperation, Telemetry } from "@natsflux/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JetStreamPublisher, JetStreamSubscriber } from "../src/index.js";
import { freshStream, type TestEnv, testEnv, until } from "./support.js";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

/** Records every operation and injects a header on publish, like a tracer would. */
function recordingTelemetry() {
  const published: PublishOperation[] = [];
  const processed: ProcessOperation[] = [];
  const telemetry: Telemetry = {
    publish(operation, run) {
      operation.headers.traceparent = "00-trace-span-01";
      published.push(operation);
      return run();
    },
    process(operation, run) {
      processed.push(operation);
      return run();
    },
    request: (_operation, run) => run(),
  };
  return { telemetry, published, processed };
}

describe("telemetry hooks", () => {
  it("wrap publish (headers injectable) and process (consumer and stream named)", async () => {
    const stream = await freshStream(env.nc);
    const { telemetry, published, processed } = recordingTelemetry();
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>(), { telemetry });
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>(), { telemetry });
    const seen: Array<Record<string, string>> = [];
    await subscriber.subscribe({ stream, config: { durable: "traced" } }, (message) => {
      seen.push({ ...message.headers });
    });
    await publisher.publish(`${stream}.t`, 1, { msgId: "m1", headers: { "ce-id": "1" } });
    await until(() => seen.length === 1, 5000, "the message");
    expect(published).toEqual([
      {
        system: "jetstream",
        subject: `${stream}.t`,
        headers: { "ce-id": "1", traceparent: "00-trace-span-01" },
        bodySize: 1,
        messageId: "m1",
      },
    ]);
    expect(seen[0]).toMatchObject({ "ce-id": "1", traceparent: "00-trace-span-01", "Nats-Msg-Id": "m1" });
    expect(processed).toHaveLength(1);
    expect(processed[0]).toMatchObject({
      system: "jetstream",
      subject: `${stream}.t`,
      consumerGroup: "traced",
      destination: stream,
      bodySize: 1,
    });
  });

  it("send what the hook adds or overwrites, whether headers are given as a record, as pairs or not at all", async () => {
    const stream = await freshStream(env.nc);
    const { telemetry } = recordingTelemetry();
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>(), { telemetry });
    await using subscriber = new JetStreamSubscriber(env.nc, jsonCodec<number>());
    const seen: Array<Record<string, string>> = [];
    await subscriber.subscribe({ stream, config: { durable: "headers" } }, (message) => {
      seen.push({ ...message.headers });
    });
    await publisher.publish(`${stream}.a`, 1, { headers: { traceparent: "00-old", keep: "1" } });
    await publisher.publish(`${stream}.b`, 2, { headers: [["keep", "2"]] });
    await publisher.publish(`${stream}.c`, 3);
    await until(() => seen.length === 3, 5000, "the messages");
    expect(seen[0]).toMatchObject({ traceparent: "00-trace-span-01", keep: "1" });
    expect(seen[1]).toMatchObject({ traceparent: "00-trace-span-01", keep: "2" });
    expect(seen[2]).toMatchObject({ traceparent: "00-trace-span-01" });
  });
});
