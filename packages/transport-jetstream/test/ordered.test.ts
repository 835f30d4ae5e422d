import { jsonCodec } from "@natsflux/codec-json";
import { UnsupportedFeatureError } from "@natsflux/core";
import { versionAtLeast } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JetStreamPublisher, orderedMessages } from "../src/index.js";
import { freshStream, type TestEnv, testEnv } from "./support.js";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

async function publishMixed(stream: string, count: number): Promise<void> {
  await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
  const pipe = publisher.pipeline();
  for (let i = 0; i < count; i++) await pipe.publish(`${stream}.${["a", "b", "c"][i % 3]}`, i);
  await pipe.flush();
}

describe("orderedMessages", () => {
  it("replays one subject in stream order", async () => {
    const stream = await freshStream(env.nc);
    await publishMixed(stream, 600);
    await using replay = await orderedMessages(env.nc, jsonCodec<number>(), stream, {
      filterSubject: `${stream}.a`,
      bufferSize: 64,
    });
    expect(replay.subject).toBe(`${stream}.a`);
    const seen: number[] = [];
    let lastSeq = 0;
    for await (const message of replay) {
      expect(message.subject).toBe(`${stream}.a`);
      expect(message.info.streamSequence).toBeGreaterThan(lastSeq);
      lastSeq = message.info.streamSequence;
      seen.push(message.payload);
      if (seen.length === 200) break;
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i * 3));
    // Breaking out stopped the replay and removed its server-side consumer.
    await replay.closed;
    const consumers: string[] = [];
    for await (const c of env.jsm.consumers.list(stream)) consumers.push(c.name);
    expect(consumers).toEqual([]);
  });

  it("starts at a given stream sequence", async () => {
    const stream = await freshStream(env.nc);
    await publishMixed(stream, 10);
    await using replay = await orderedMessages(env.nc, jsonCodec<number>(), stream, { startSequence: 8 });
    const seen: number[] = [];
    for await (const message of replay) {
      seen.push(message.payload);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([7, 8, 9]);
  });

  it("several subjects need 2.10+: they replay there, and fail clearly before", async () => {
    const stream = await freshStream(env.nc);
    await publishMixed(stream, 9);
    const filterSubject = [`${stream}.a`, `${stream}.c`];
    if (versionAtLeast(env.server.version, "2.10.0")) {
      await using replay = await orderedMessages(env.nc, jsonCodec<number>(), stream, { filterSubject });
      const seen: number[] = [];
      for await (const message of replay) {
        seen.push(message.payload);
        if (seen.length === 6) break;
      }
      expect(seen).toEqual([0, 2, 3, 5, 6, 8]);
    } else {
      await expect(
        orderedMessages(env.nc, jsonCodec<number>(), stream, { filterSubject }),
      ).rejects.toBeInstanceOf(UnsupportedFeatureError);
    }
  });
});
