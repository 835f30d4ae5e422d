import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import type { StatusEvent } from "@natsflux/core";
import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureStream, JetStreamPublisher, JetStreamSubscriber } from "../src/index.js";
import { connectTo, publishUntilStored, sleep, until } from "./support.js";

// A server of its own (file store, survives restarts): this file stops it. Lame duck with a short grace
// period, so the server closes its clients and exits within seconds (30 s is the smallest duration allowed).
let server: NatsServer;

beforeAll(async () => {
  server = await startServer({ config: 'lame_duck_grace_period: "1s"\nlame_duck_duration: "30s"\n' });
});

afterAll(async () => {
  await server?.[Symbol.asyncDispose]();
});

const total = 800;
const perSecond = 200;

/**
 * Publishes 0..total-1 at a steady rate from its own connection, each retried with its msgId until the stream
 * acknowledges it (through the restart), and remembers when each was acknowledged.
 */
function steadyPublisher(nc: NatsConnection, subject: string) {
  const publisher = new JetStreamPublisher(nc, jsonCodec<number>());
  const ackedAt = new Map<number, number>();
  const sends: Promise<void>[] = [];
  const send = async (n: number) => {
    // Never stored within a minute: the test's accounting leaves it out.
    if (await publishUntilStored(publisher, subject, n, { msgId: `${subject}-${n}`, intervalMs: 100 })) {
      ackedAt.set(n, Date.now());
    }
  };
  const done = (async () => {
    for (let n = 0; n < total; n++) {
      sends.push(send(n));
      // Fixed on purpose: a steady rate across the restarts is the input of this test, not a wait for state.
      await sleep(1000 / perSecond);
    }
    await Promise.all(sends);
    await publisher.close();
  })();
  return { ackedAt, done };
}

async function restartUnderLoad(stream: string, restart: () => Promise<void>) {
  const pubConn = await connectTo(server);
  const nc = await connectTo(server);
  try {
    await ensureStream(nc, { name: stream, subjects: [`${stream}.>`] });
    const firstHandled = new Map<number, number>();
    let handled = 0;
    const events: Array<StatusEvent & { at: number }> = [];
    await using subscriber = new JetStreamSubscriber(nc, jsonCodec<number>());
    const subscription = await subscriber.subscribe(
      // ack_wait stays at its default (30 s): a message dropped on the client would show up 30 s late.
      { stream, config: { durable: "worker" } },
      (message) => {
        handled++;
        if (!firstHandled.has(message.payload)) firstHandled.set(message.payload, Date.now());
      },
      {
        idleHeartbeat: 1000,
        expires: 5000,
        bufferSize: 64,
        onStatus: (e) => events.push({ ...e, at: Date.now() }),
      },
    );
    const producer = steadyPublisher(pubConn, `${stream}.n`);
    await until(() => firstHandled.size >= 200, 15_000, "200 messages before the restart");
    const downAt = Date.now();
    await restart();
    const backAt = Date.now();
    await producer.done;
    expect(producer.ackedAt.size).toBe(total);
    await until(() => firstHandled.size === total, 20_000, `all ${total} messages handled`);
    // How long after the server was back (or after its publish was acknowledged, if later) each message
    // was first handled: a message parked on the server until ack_wait would show here as ~30 s.
    let lateness = 0;
    for (const [n, at] of firstHandled) {
      lateness = Math.max(lateness, at - Math.max(producer.ackedAt.get(n) ?? 0, backAt));
    }
    const resumed = events.find((e) => e.type === "consumer_resumed" && e.at >= backAt);
    const figures = {
      downMs: backAt - downAt,
      maxLatenessAfterBackMs: lateness,
      resumedAfterBackMs: resumed === undefined ? undefined : resumed.at - backAt,
      duplicates: handled - total,
      events: events.map((e) => e.type),
    };
    console.log(`[rolling-restart] ${stream} on nats-server ${server.version}: ${JSON.stringify(figures)}`);
    await subscription.drain();
    return { lateness, events };
  } finally {
    await nc.close();
    await pubConn.close();
  }
}

describe("rolling restarts of a single server under a steady consumer", () => {
  it("SIGTERM restart: every message is handled, none more than 2 s after the server is back", async () => {
    const { lateness, events } = await restartUnderLoad("ROLL_TERM", () => server.restart());
    expect(lateness).toBeLessThanOrEqual(2000);
    // The server tells pending pulls it is shutting down; that is no error.
    expect(events.filter((e) => e.type === "error")).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["disconnected", "consumer_resumed"]));
  }, 60_000);

  it("lame-duck restart: every message is handled, none more than 2 s after the server is back", async () => {
    const { lateness, events } = await restartUnderLoad("ROLL_LDM", async () => {
      await server.lameDuck({ timeoutMs: 40_000 });
      await server.restart();
    });
    expect(lateness).toBeLessThanOrEqual(2000);
    expect(events.filter((e) => e.type === "error")).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["disconnected", "consumer_resumed"]));
  }, 90_000);
});
