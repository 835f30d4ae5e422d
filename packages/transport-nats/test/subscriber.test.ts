import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { ClosedError, ConfigError, DecodeError, type Message, type StatusEvent } from "@natsflux/core";
import { type NatsServer, nextTurn, startServer, uniqueName } from "@natsflux/testing";
import { isPending } from "@natsflux/testing/conformance";
import { describe, expect, it } from "vitest";
import { NatsPublisher, NatsSubscriber } from "../src/index.js";
import { gate, statusLog, until, useCoreNatsServer } from "./support.js";

interface Tick {
  n: number;
}

const codec = jsonCodec<Tick>();
let server: NatsServer;
let nc: NatsConnection;

useCoreNatsServer((s, c) => {
  server = s;
  nc = c;
});

function publishTicks(subject: string, count: number, from = 0): void {
  for (let i = from; i < from + count; i++) nc.publish(subject, JSON.stringify({ n: i }));
}

describe("NatsSubscriber handler mode", () => {
  it("delivers typed messages in order with concurrency 1, with subject, reply and data", async () => {
    const subject = uniqueName("sub.order");
    const seen: Message<Tick>[] = [];
    const subscriber = new NatsSubscriber(nc, codec);
    const sub = await subscriber.subscribe(subject, async (m) => {
      for (let i = 0; i < m.payload.n % 3; i++) await nextTurn(); // handlers of uneven length
      seen.push(m);
    });
    publishTicks(subject, 50);
    nc.publish(subject, JSON.stringify({ n: 50 }), { reply: "some.reply" });
    await until(() => seen.length === 51, "51 messages");
    expect(seen.map((m) => m.payload.n)).toEqual([...Array(51).keys()]);
    expect(seen[0]).toMatchObject({ subject, reply: undefined, headers: {} });
    expect(new TextDecoder().decode(seen[0]?.data)).toBe('{"n":0}');
    expect(seen[50]?.reply).toBe("some.reply");
    await sub.stop();
    await subscriber.close();
  });

  it("matches * and > wildcards", async () => {
    const base = uniqueName("sub.wild");
    const star: string[] = [];
    const tail: string[] = [];
    const subscriber = new NatsSubscriber(nc, codec);
    await subscriber.subscribe(`${base}.*`, (m) => void star.push(m.subject));
    await subscriber.subscribe(`${base}.>`, (m) => void tail.push(m.subject));
    for (const s of [`${base}.a`, `${base}.b`, `${base}.a.deep`]) nc.publish(s, '{"n":1}');
    await until(() => tail.length === 3 && star.length === 2, "wildcard deliveries");
    expect(star.sort()).toEqual([`${base}.a`, `${base}.b`]);
    expect(tail.sort()).toEqual([`${base}.a`, `${base}.a.deep`, `${base}.b`]);
    await subscriber.close();
  });

  it("gives wildcard and for-await deliveries their own subject and reply", async () => {
    const base = uniqueName("sub.replies");
    const handled: Message<Tick>[] = [];
    const subscriber = new NatsSubscriber(nc, codec);
    await subscriber.subscribe(`${base}.*`, (m) => void handled.push(m));
    const stream = await subscriber.messages(base);
    nc.publish(`${base}.x`, '{"n":1}', { reply: "reply.x" });
    nc.publish(`${base}.y`, '{"n":2}');
    nc.publish(base, '{"n":3}', { reply: "reply.base" });
    nc.publish(base, '{"n":4}');
    await until(() => handled.length === 2, "wildcard deliveries");
    expect(handled.map((m) => [m.subject, m.reply])).toEqual([
      [`${base}.x`, "reply.x"],
      [`${base}.y`, undefined],
    ]);
    const streamed: Message<Tick>[] = [];
    for await (const m of stream) {
      streamed.push(m);
      if (streamed.length === 2) break;
    }
    expect(streamed.map((m) => [m.subject, m.reply, m.payload.n])).toEqual([
      [base, "reply.base", 3],
      [base, undefined, 4],
    ]);
    await subscriber.close();
  });

  it("splits a queue group's messages between its members, each message once", async () => {
    const subject = uniqueName("sub.queue");
    const counts = [0, 0, 0];
    const seen = new Set<number>();
    let duplicates = 0;
    const subscriber = new NatsSubscriber(nc, codec);
    for (const i of [0, 1, 2]) {
      await subscriber.subscribe(
        subject,
        (m) => {
          counts[i] = (counts[i] ?? 0) + 1;
          if (seen.has(m.payload.n)) duplicates++;
          seen.add(m.payload.n);
        },
        { queue: "workers" },
      );
    }
    publishTicks(subject, 300);
    await until(() => seen.size === 300, "300 distinct messages");
    // The flush's PONG follows every delivery of the messages published before it: no duplicate can come later.
    await nc.flush();
    await nextTurn();
    expect(duplicates).toBe(0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    for (const count of counts) expect(count).toBeGreaterThan(0);
    await subscriber.close();
  });

  it("runs up to `concurrency` handlers at once", async () => {
    const subject = uniqueName("sub.conc");
    let running = 0;
    let peak = 0;
    let done = 0;
    // Each handler holds until 4 run at once (12 = 3 full waves): a 5th at any time would show in the peak.
    let wave = gate();
    const subscriber = new NatsSubscriber(nc, codec);
    await subscriber.subscribe(
      subject,
      async () => {
        const mine = wave;
        running++;
        peak = Math.max(peak, running);
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
    publishTicks(subject, 12);
    await until(() => done === 12, "12 handled");
    expect(peak).toBe(4);
    await subscriber.close();
  });

  it("resolves subscribe() only once the server has registered interest", async () => {
    const subject = uniqueName("sub.ready");
    const seen: number[] = [];
    const subscriber = new NatsSubscriber(nc, codec);
    // A second connection publishes: only the server's interest makes delivery possible.
    const other = await connect({ servers: server.url });
    await subscriber.subscribe(subject, (m) => void seen.push(m.payload.n));
    other.publish(subject, '{"n":7}');
    await other.flush();
    await until(() => seen.length === 1, "the first message");
    await other.close();
    await subscriber.close();
  });

  it("keeps the subscription alive when a handler throws, reporting handler_error", async () => {
    const subject = uniqueName("sub.throw");
    const log = statusLog();
    const seen: number[] = [];
    const subscriber = new NatsSubscriber(nc, codec);
    await subscriber.subscribe(
      subject,
      (m) => {
        if (m.payload.n === 1) throw new Error("boom on 1");
        seen.push(m.payload.n);
      },
      { onStatus: log.listener },
    );
    publishTicks(subject, 3);
    await until(() => seen.length === 2, "messages after the failure");
    expect(seen).toEqual([0, 2]);
    const errors = log.events.filter((e) => e.type === "handler_error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ type: "handler_error", subject });
    expect((errors[0] as { error: Error }).error.message).toBe("boom on 1");
    await subscriber.close();
  });

  it("drops garbage payloads with a DecodeError status instead of crashing", async () => {
    const subject = uniqueName("sub.garbage");
    const log = statusLog();
    const seen: number[] = [];
    const subscriber = new NatsSubscriber(nc, codec);
    await subscriber.subscribe(subject, (m) => void seen.push(m.payload.n), { onStatus: log.listener });
    nc.publish(subject, '{"n":1}');
    nc.publish(subject, "not json {");
    nc.publish(subject, new Uint8Array([0xff, 0xfe, 0x00]));
    nc.publish(subject, '{"n":2}');
    await until(() => seen.length === 2, "the good messages");
    await until(() => log.events.length === 2, "two decode failures");
    expect(seen).toEqual([1, 2]);
    for (const event of log.events) {
      expect(event.type).toBe("handler_error");
      const error = (event as { error: unknown }).error;
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as DecodeError).subject).toBe(subject);
    }
    await subscriber.close();
  });

  it("drain() lets in-flight and already received messages finish before resolving", async () => {
    const subject = uniqueName("sub.drain");
    const release = gate();
    const finished: number[] = [];
    const subscriber = new NatsSubscriber(nc, codec);
    const sub = await subscriber.subscribe(subject, async (m) => {
      await release.promise;
      await nextTurn();
      finished.push(m.payload.n);
    });
    publishTicks(subject, 5);
    await until(() => sub.inFlight === 1, "a handler in flight");
    let drained = false;
    const draining = sub.drain().then(() => {
      drained = true;
    });
    expect(await isPending(draining)).toBe(true); // a handler is held: drain() cannot have finished
    expect(drained).toBe(false);
    release.open();
    await draining;
    expect(finished).toEqual([0, 1, 2, 3, 4]);
    await expect(sub.closed).resolves.toBeUndefined();
    // Drained means unsubscribed: later messages are not delivered.
    publishTicks(subject, 1, 99);
    await nc.flush(); // its PONG follows any delivery of 99
    await nextTurn();
    expect(finished).not.toContain(99);
    await subscriber.close();
  });

  it("stop() waits for the running handler, skips the queued ones and reports them as dropped", async () => {
    const subject = uniqueName("sub.stop");
    const log = statusLog();
    const release = gate();
    const finished: number[] = [];
    let aborted = false;
    const subscriber = new NatsSubscriber(nc, codec);
    const sub = await subscriber.subscribe(
      subject,
      async (m, { signal }) => {
        await release.promise;
        aborted = signal.aborted;
        finished.push(m.payload.n);
      },
      { onStatus: log.listener },
    );
    publishTicks(subject, 5);
    await nc.flush();
    await until(() => sub.inFlight === 1, "a handler in flight");
    // The flush above: the other 4 are already in the client, queued behind the held handler.
    const stopping = sub.stop();
    release.open();
    await stopping;
    expect(finished).toEqual([0]);
    expect(aborted).toBe(true);
    expect(log.events).toContainEqual({ type: "slow_consumer", subject, dropped: 4 });
    await subscriber.close();
  });

  it("stops when its signal is aborted and rejects an already aborted one", async () => {
    const subject = uniqueName("sub.signal");
    const subscriber = new NatsSubscriber(nc, codec);
    const controller = new AbortController();
    const sub = await subscriber.subscribe(subject, () => {}, { signal: controller.signal });
    controller.abort();
    await expect(sub.closed).resolves.toBeUndefined();
    await expect(
      subscriber.subscribe(subject, () => {}, { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: "ABORTED" });
    await subscriber.close();
  });

  it("drops beyond bufferSize and reports slow_consumer with the count", async () => {
    const subject = uniqueName("sub.pending");
    const log = statusLog();
    const release = gate();
    let handled = 0;
    const subscriber = new NatsSubscriber(nc, codec);
    const sub = await subscriber.subscribe(
      subject,
      async () => {
        await release.promise;
        handled++;
      },
      { bufferSize: 10, onStatus: log.listener },
    );
    publishTicks(subject, 100);
    await nc.flush();
    await until(() => log.events.some((e) => e.type === "slow_consumer"), "a slow_consumer event");
    release.open();
    await sub.drain();
    const dropped = log.events
      .filter((e): e is Extract<StatusEvent, { type: "slow_consumer" }> => e.type === "slow_consumer")
      .reduce((sum, e) => sum + e.dropped, 0);
    expect(handled).toBe(10);
    expect(dropped).toBe(90);
    await subscriber.close();
  });

  it("validates its arguments before subscribing", async () => {
    const subscriber = new NatsSubscriber(nc, codec);
    await expect(subscriber.subscribe("", () => {})).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a b", () => {})).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("ok", () => {}, { queue: "a b" })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("ok", () => {}, { bufferSize: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("ok", () => {}, { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await subscriber.close();
  });

  it("close() drains every subscription, is idempotent and refuses new ones", async () => {
    const subject = uniqueName("sub.close");
    const subscriber = new NatsSubscriber(nc, codec);
    const a = await subscriber.subscribe(subject, () => {});
    const b = await subscriber.messages(subject);
    const first = subscriber.close();
    expect(subscriber.close()).toBe(first);
    await first;
    await expect(a.closed).resolves.toBeUndefined();
    await expect(b.closed).resolves.toBeUndefined();
    await expect(subscriber.subscribe(subject, () => {})).rejects.toBeInstanceOf(ClosedError);
    await expect(subscriber.messages(subject)).rejects.toBeInstanceOf(ClosedError);
    expect(nc.isClosed()).toBe(false);
  });
});

describe("NatsSubscriber messages()", () => {
  it("yields typed messages with for await and ends after drain", async () => {
    const subject = uniqueName("stream.basic");
    const subscriber = new NatsSubscriber(nc, codec);
    const stream = await subscriber.messages(subject);
    const publisher = new NatsPublisher(nc, codec);
    for (let n = 0; n < 5; n++) await publisher.publish(subject, { n }, { headers: { "x-n": String(n) } });
    const seen: Array<[number, string | undefined]> = [];
    for await (const m of stream) {
      seen.push([m.payload.n, m.headers["x-n"]]);
      if (seen.length === 5) void stream.drain();
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map((n) => [n, String(n)]));
    await subscriber.close();
  });

  it("reports slow_consumer drops under a flood instead of buffering without bound", async () => {
    const subject = uniqueName("stream.flood");
    const log = statusLog();
    const dropped = () =>
      log.events.reduce((sum, e) => (e.type === "slow_consumer" ? sum + e.dropped : sum), 0);
    const subscriber = new NatsSubscriber(nc, codec);
    const stream = await subscriber.messages(subject, { bufferSize: 16, onStatus: log.listener });
    let read = 0;
    let last = -1;
    let ordered = true;
    const reading = (async () => {
      for await (const m of stream) {
        if (m.payload.n <= last) ordered = false;
        last = m.payload.n;
        read++;
        await nextTurn(); // a slow reader: the socket delivers thousands of messages per turn
      }
    })();
    const total = 20_000;
    publishTicks(subject, total);
    await nc.flush();
    // Every message is accounted for: read by the loop or reported as dropped.
    await until(() => read + dropped() === total, "every message read or reported dropped", 10_000);
    await stream.drain();
    await reading;
    const drops = log.events.filter((e) => e.type === "slow_consumer");
    expect(drops.length).toBeGreaterThan(0);
    expect(drops.length).toBeLessThan(500); // coalesced per burst, not one event per message
    for (const drop of drops) expect(drop).toMatchObject({ subject });
    expect(dropped()).toBeGreaterThan(total / 2);
    expect(read).toBeGreaterThanOrEqual(16);
    expect(read + dropped()).toBe(total);
    expect(ordered).toBe(true);
    await subscriber.close();
  });

  it("skips undecodable messages with a handler_error status", async () => {
    const subject = uniqueName("stream.garbage");
    const log = statusLog();
    const subscriber = new NatsSubscriber(nc, codec);
    const stream = await subscriber.messages(subject, { onStatus: log.listener });
    nc.publish(subject, "][");
    nc.publish(subject, '{"n":3}');
    for await (const m of stream) {
      expect(m.payload.n).toBe(3);
      break;
    }
    expect(log.events).toHaveLength(1);
    expect((log.events[0] as { error: unknown }).error).toBeInstanceOf(DecodeError);
    await subscriber.close();
  });

  it("stops when the loop breaks", async () => {
    const subject = uniqueName("stream.break");
    const subscriber = new NatsSubscriber(nc, codec);
    const stream = await subscriber.messages(subject);
    publishTicks(subject, 3);
    for await (const _ of stream) break;
    await expect(stream.closed).resolves.toBeUndefined();
    await subscriber.close();
  });
});

describe("NatsSubscriber and its connection", () => {
  it("reports disconnect and reconnect as status events and keeps receiving", async () => {
    const own = await startServer({ jetstream: false });
    const conn = await connect({ servers: own.url, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
    const log = statusLog();
    const seen: number[] = [];
    const subscriber = new NatsSubscriber(conn, codec);
    const subject = uniqueName("sub.reconnect");
    await subscriber.subscribe(subject, (m) => void seen.push(m.payload.n), { onStatus: log.listener });
    await own.restart();
    await until(() => log.events.some((e) => e.type === "reconnected"), "reconnected", 15_000);
    expect(log.events.map((e) => e.type)).toContain("disconnected");
    conn.publish(subject, '{"n":1}');
    await until(() => seen.length === 1, "a message after the reconnect");
    await subscriber.close();
    await conn.close();
    await own[Symbol.asyncDispose]();
  });

  it("ends with ClosedError when the owner closes the connection", async () => {
    const conn = await connect({ servers: server.url });
    const subscriber = new NatsSubscriber(conn, codec);
    const sub = await subscriber.subscribe(uniqueName("sub.closed"), () => {});
    await conn.close();
    await expect(sub.closed).rejects.toBeInstanceOf(ClosedError);
    await expect(subscriber.subscribe("x", () => {})).rejects.toBeInstanceOf(ClosedError);
    await subscriber.close();
  });

  it("finishes received messages when the owner drains the connection", async () => {
    const conn = await connect({ servers: server.url });
    const subscriber = new NatsSubscriber(conn, codec);
    const subject = uniqueName("sub.conndrain");
    const seen: number[] = [];
    const sub = await subscriber.subscribe(subject, async (m) => {
      await nextTurn();
      seen.push(m.payload.n);
    });
    for (let i = 0; i < 10; i++) conn.publish(subject, JSON.stringify({ n: i }));
    await conn.flush();
    await conn.drain();
    await expect(sub.closed).resolves.toBeUndefined();
    expect(seen).toHaveLength(10);
  });
});
