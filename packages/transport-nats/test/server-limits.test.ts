import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError } from "@natsflux/core";
import type { NatsServer } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import { NatsPublisher, NatsRequester, NatsResponder, NatsSubscriber } from "../src/index.js";
import { until, useCoreNatsServer } from "./support.js";

// nats-server closes the whole connection when a protocol line (PUB/HPUB/SUB without the verb) is longer than
// its max_control_line, 4096 bytes by default. The transport refuses such subjects before anything is sent.

let server: NatsServer;
let nc: NatsConnection;
const codec = jsonCodec<{ n: number }>();

useCoreNatsServer((s, c) => {
  server = s;
  nc = c;
});

/** Connections the server closed for an over-long protocol line, from its monitoring endpoint. */
async function closedForControlLine(): Promise<number> {
  const response = await fetch(`${server.monitorUrl}/connz?state=closed`);
  const connz = (await response.json()) as { connections?: Array<{ reason?: string }> };
  return (connz.connections ?? []).filter((c) => /control line/i.test(c.reason ?? "")).length;
}

function configErrorOf(error: unknown): ConfigError {
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe("the limit is the server's", () => {
  it("a PUB line of 4096 bytes is taken, one of 4097 closes the connection (raw nats.js)", async () => {
    const closedBefore = await closedForControlLine();
    // The server measures "<subject> <size>": with an empty payload that is the subject plus 2 bytes.
    const fits = await connect({ servers: server.url });
    fits.publish("x".repeat(4094));
    await fits.flush();
    expect(fits.isClosed()).toBe(false);
    await fits.close();
    const tooLong = await connect({ servers: server.url, reconnect: false });
    const closed = tooLong.closed();
    tooLong.publish("x".repeat(4095));
    await closed;
    expect(tooLong.isClosed()).toBe(true);
    expect(await closedForControlLine()).toBe(closedBefore + 1);
  });
});

describe("refused before anything is sent", () => {
  it("a publish among 200 valid ones: only it fails, at once; all 200 arrive; same connection", async () => {
    const clientId = nc.info?.client_id;
    const closedBefore = await closedForControlLine();
    const received: number[] = [];
    const sub = nc.subscribe("limits.>", { callback: () => void received.push(1) });
    await nc.flush();
    const publisher = new NatsPublisher(nc, codec);
    const valid = Array.from({ length: 100 }, (_, n) => publisher.publish("limits.ok", { n }));
    const bad = publisher.publish(`limits.${"x".repeat(5000)}`, { n: -1 });
    valid.push(...Array.from({ length: 100 }, (_, n) => publisher.publish("limits.ok", { n: 100 + n })));
    const error = configErrorOf(await bad.catch((e: unknown) => e));
    expect(error.field).toBe("subject");
    expect(error.message).toMatch(/5007 bytes, too long for the server's max_control_line of 4096 bytes/);
    await Promise.all(valid);
    await nc.flush();
    await until(() => received.length === 200, "200 messages");
    sub.unsubscribe();
    expect(nc.info?.client_id).toBe(clientId);
    expect(await closedForControlLine()).toBe(closedBefore);
  });

  it("the publisher takes the longest subject that fits (4072 bytes without a reply)", async () => {
    const publisher = new NatsPublisher(nc, codec);
    const clientId = nc.info?.client_id;
    await publisher.publish("x".repeat(4072), { n: 1 });
    await expect(publisher.publish("x".repeat(4073), { n: 1 })).rejects.toBeInstanceOf(ConfigError);
    await nc.flush();
    expect(nc.info?.client_id).toBe(clientId);
  });

  it("a request counts the reply inbox: a subject that fits a PUB alone is refused", async () => {
    const requester = new NatsRequester(nc, codec, codec, { timeout: 1000 });
    const error = configErrorOf(await requester.request("y".repeat(4072), { n: 1 }).catch((e: unknown) => e));
    expect(error.message).toMatch(/next to the reply inbox \(38 bytes\)/);
    await requester.close();
  });

  it("a request that fits is answered", async () => {
    const subject = "r".repeat(4096 - 24 - 38);
    const responder = new NatsResponder(nc, codec, codec);
    await responder.serve(subject, (req) => ({ n: req.payload.n + 1 }));
    const requester = new NatsRequester(nc, codec, codec);
    await expect(requester.request(subject, { n: 1 })).resolves.toEqual({ n: 2 });
    await requester.close();
    await responder.close();
  });

  it("subscribe and serve count the queue group into the SUB line", async () => {
    const subscriber = new NatsSubscriber(nc, codec);
    const longSubject = `z.${"z".repeat(5000)}`;
    expect(
      configErrorOf(await subscriber.subscribe(longSubject, () => {}).catch((e: unknown) => e)).field,
    ).toBe("subject");
    const half = "h".repeat(2100);
    const queued = configErrorOf(
      await subscriber.subscribe(half, () => {}, { queue: half }).catch((e: unknown) => e),
    );
    expect(queued.message).toMatch(/next to the queue group \(2100 bytes\)/);
    await expect(subscriber.messages(longSubject)).rejects.toBeInstanceOf(ConfigError);
    const responder = new NatsResponder(nc, codec, codec);
    await expect(responder.serve(longSubject, () => ({ n: 0 }))).rejects.toBeInstanceOf(ConfigError);
    // The default queue group of a responder ("natsflux") is counted too.
    const justTooLong = "s".repeat(4096 - 24 - "natsflux".length + 1);
    await expect(responder.serve(justTooLong, () => ({ n: 0 }))).rejects.toThrow(/queue group \(8 bytes\)/);
    await expect(responder.serve(justTooLong, () => ({ n: 0 }), { queue: false })).resolves.toBeDefined();
    await responder.close();
    await subscriber.close();
  });

  it("a queue group the server would refuse", async () => {
    const subscriber = new NatsSubscriber(nc, codec);
    for (const queue of ["a b", "a\r\nb", ""]) {
      const error = configErrorOf(
        await subscriber.subscribe("q.ok", () => {}, { queue }).catch((e: unknown) => e),
      );
      expect(error.field).toBe("queue");
    }
    await subscriber.close();
  });

  it("a raised maxControlLine lets longer subjects through", async () => {
    expect(() => new NatsPublisher(nc, codec, { maxControlLine: 10 })).toThrow(ConfigError);
    const publisher = new NatsPublisher(nc, codec, { maxControlLine: 8192 });
    // This server keeps the default, so nothing is sent: the option is only checked here.
    const strict = new NatsPublisher(nc, codec, { maxControlLine: 100 });
    await expect(strict.publish("x".repeat(100), { n: 1 })).rejects.toThrow(/max_control_line of 100/);
    expect(publisher).toBeDefined();
  });
});
