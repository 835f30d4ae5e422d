import { jetstream } from "@nats-io/jetstream";
import { headers } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError } from "@natsflux/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureConsumer, JetStreamPublisher } from "../src/index.js";
import { freshStream, type TestEnv, testEnv } from "./support.js";

// A JetStream publish is a request: its PUB line carries the subject and a reply inbox. nats-server closes the
// whole connection when that line exceeds max_control_line (4096 bytes by default), failing every publish in
// flight on it with a timeout. The publisher refuses such a subject before anything is sent.

let env: TestEnv;
const codec = jsonCodec<{ n: number }>();

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

async function closedForControlLine(): Promise<number> {
  const response = await fetch(`${env.server.monitorUrl}/connz?state=closed`);
  const connz = (await response.json()) as { connections?: Array<{ reason?: string }> };
  return (connz.connections ?? []).filter((c) => /control line/i.test(c.reason ?? "")).length;
}

describe("a subject too long for the server's control line", () => {
  it("among 200 concurrent publishes: only it fails, at once, with a ConfigError; all 200 are stored", async () => {
    const stream = await freshStream(env.nc, "limits");
    const publisher = new JetStreamPublisher(env.nc, codec);
    const clientId = env.nc.info?.client_id;
    const closedBefore = await closedForControlLine();
    let acked = 0;
    const publishValid = (n: number) => publisher.publish(`${stream}.ok`, { n }).then(() => void acked++);
    const valid = Array.from({ length: 100 }, (_, n) => publishValid(n));
    const bad = publisher.publish(`${stream}.${"x".repeat(5000)}`, { n: -1 }).catch((e: unknown) => e);
    valid.push(...Array.from({ length: 100 }, (_, n) => publishValid(100 + n)));
    const error = await bad;
    expect(acked).toBe(0);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("subject");
    expect((error as Error).message).toMatch(/max_control_line of 4096 bytes/);
    expect((error as Error).message).toMatch(/next to the reply inbox \(38 bytes\)/);
    const outcomes = await Promise.allSettled(valid);
    expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    expect((await env.jsm.streams.info(stream)).state.messages).toBe(200);
    expect(env.nc.info?.client_id).toBe(clientId);
    expect(await closedForControlLine()).toBe(closedBefore);
    await publisher.close();
  });

  it("the longest subject that fits next to the reply inbox is stored; one byte more is refused", async () => {
    const stream = await freshStream(env.nc, "limits");
    const publisher = new JetStreamPublisher(env.nc, codec);
    const fits = `${stream}.${"y".repeat(4096 - 24 - 38 - stream.length - 1)}`;
    await expect(publisher.publish(fits, { n: 1 })).resolves.toMatchObject({ stream, seq: 1 });
    await expect(publisher.publish(`${fits}y`, { n: 2 })).rejects.toBeInstanceOf(ConfigError);
    // The pipeline refuses it in publish() itself, like an unencodable value.
    const pipeline = publisher.pipeline();
    await expect(pipeline.publish(`${fits}y`, { n: 3 })).rejects.toBeInstanceOf(ConfigError);
    await pipeline.close();
    expect((await env.jsm.streams.info(stream)).state.messages).toBe(1);
    await publisher.close();
  });

  it("wildcards, whitespace and empty tokens are refused as before", async () => {
    const publisher = new JetStreamPublisher(env.nc, codec);
    for (const subject of ["a.*", "a.>", "a b", "a..b", ""]) {
      await expect(publisher.publish(subject, { n: 1 })).rejects.toBeInstanceOf(ConfigError);
    }
    await publisher.close();
  });
});

describe("a consumer filter subject too long for the create request's control line", () => {
  it("is refused with a ConfigError before anything is sent; the connection stays up", async () => {
    const stream = await freshStream(env.nc, "limits");
    const clientId = env.nc.info?.client_id;
    const closedBefore = await closedForControlLine();
    const filterSubject = `${stream}.${"f".repeat(4000)}`;
    const error = await ensureConsumer(env.nc, stream, { durable: "long-filter", filterSubject }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("filterSubject");
    expect((error as Error).message).toMatch(/max_control_line/);
    await expect(env.jsm.consumers.info(stream, "long-filter")).rejects.toThrow(/not found/);
    expect(env.nc.info?.client_id).toBe(clientId);
    expect(await closedForControlLine()).toBe(closedBefore);
  });

  it("a long filter that fits is taken", async () => {
    const stream = await freshStream(env.nc, "limits");
    const filterSubject = `${stream}.${"f".repeat(3000)}`;
    const info = await ensureConsumer(env.nc, stream, { durable: "fitting-filter", filterSubject });
    expect(info.config.filter_subject).toBe(filterSubject);
  });
});

describe("headers larger than a stream stores", () => {
  it("the server's own limit: a header block of 65,536 bytes is refused by the stream (raw nats.js)", async () => {
    const stream = await freshStream(env.nc, "limits");
    const hdrs = headers();
    // "NATS/1.0\r\n" + "Big: " + value + "\r\n" + "\r\n"
    hdrs.set("Big", "b".repeat(65_536 - 12 - 7));
    const error = await jetstream(env.nc)
      .publish(`${stream}.raw`, new Uint8Array(1), { headers: hdrs })
      .catch((e: unknown) => e);
    expect(String(error)).toMatch(/header size exceeds maximum allowed of 64k/);
  });

  it("are refused with a ConfigError before anything is sent; headers just under the limit are stored", async () => {
    const stream = await freshStream(env.nc, "limits");
    const publisher = new JetStreamPublisher(env.nc, codec);
    const error = await publisher
      .publish(`${stream}.big`, { n: 1 }, { headers: { Big: "b".repeat(70_000) } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe("headers");
    expect((error as Error).message).toMatch(/70019 bytes of headers, more than the 65535/);
    // 12 bytes of framing, "Big: " and CRLF: 65,535 bytes in all.
    await expect(
      publisher.publish(`${stream}.big`, { n: 2 }, { headers: { Big: "b".repeat(65_535 - 12 - 7) } }),
    ).resolves.toMatchObject({ seq: 1 });
    await publisher.close();
  });
});
