import { AckPolicy } from "@nats-io/jetstream";
import { createInbox, headers, type Msg, type NatsConnection } from "@nats-io/nats-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulledJsMsg } from "../src/consume/pulled-js-msg.js";
import { ensureConsumer, features, supports } from "../src/index.js";
import { connectTo, freshStream, type TestEnv, testEnv, until } from "./support.js";

let env: TestEnv;
beforeAll(async () => {
  env = await testEnv();
});
afterAll(() => env?.close());

const text = new TextDecoder();

/** Pulls `batch` messages on an inbox of our own, as the pull loop does, and wraps them. */
async function pull(nc: NatsConnection, stream: string, consumer: string, batch = 1): Promise<PulledJsMsg[]> {
  const inbox = createInbox();
  const got: PulledJsMsg[] = [];
  const sub = nc.subscribe(inbox, {
    callback: (_, msg) => {
      if (msg.reply?.startsWith("$JS.ACK.")) got.push(new PulledJsMsg(msg, { nc, ackTimeout: 2000 }));
    },
  });
  nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`, JSON.stringify({ batch, expires: 5e9 }), {
    reply: inbox,
  });
  try {
    await until(() => got.length === batch, 5000, `${batch} pulled message(s)`);
  } finally {
    sub.unsubscribe();
  }
  return got;
}

/**
 * What a connection sends to ack subjects, seen from a second one (acks are plain publishes). `settled()` waits
 * until everything sent before it was seen: a marker published after it on the same connection arrives last.
 */
async function ackWatcher(
  sender: NatsConnection,
): Promise<{ sent: string[]; settled(): Promise<void>; [Symbol.asyncDispose](): Promise<void> }> {
  const nc = await connectTo(env.server);
  const sent: string[] = [];
  const marker = createInbox();
  let markers = 0;
  nc.subscribe("$JS.ACK.>", { callback: (_, msg: Msg) => void sent.push(text.decode(msg.data)) });
  nc.subscribe(marker, {
    callback: () => {
      markers++;
    },
  });
  await nc.flush();
  return {
    sent,
    async settled() {
      const expected = markers + 1;
      sender.publish(marker);
      await until(() => markers === expected, 5000, "the marker after the acks");
    },
    [Symbol.asyncDispose]: () => nc.close(),
  };
}

async function streamWith(count: number, prefix: string): Promise<string> {
  const stream = await freshStream(env.nc, prefix);
  const h = headers();
  h.set("X-Trace", "t-1");
  for (let i = 0; i < count; i++) {
    await env.nc.request(`${stream}.item`, JSON.stringify({ n: i }), { timeout: 5000, headers: h });
  }
  return stream;
}

describe("PulledJsMsg", () => {
  it("exposes the message and the delivery info of its ack subject", async () => {
    const before = BigInt(Date.now() - 60_000) * 1_000_000n;
    const stream = await streamWith(2, "fields");
    await ensureConsumer(env.nc, stream, { durable: "fields" });
    const [first, second] = await pull(env.nc, stream, "fields", 2);
    const msg = first as PulledJsMsg;
    expect(msg.subject).toBe(`${stream}.item`);
    expect(msg.json()).toEqual({ n: 0 });
    expect(msg.string()).toBe('{"n":0}');
    expect(text.decode(msg.data)).toBe('{"n":0}');
    expect(msg.headers?.get("X-Trace")).toBe("t-1");
    expect(typeof msg.sid).toBe("number");
    expect(msg.seq).toBe(1);
    expect(msg.redelivered).toBe(false);
    expect(msg.info).toMatchObject({
      domain: "",
      stream,
      consumer: "fields",
      deliveryCount: 1,
      streamSequence: 1,
      deliverySequence: 1,
      pending: 1,
      redelivered: false,
    });
    expect(second?.info).toMatchObject({ streamSequence: 2, deliverySequence: 2, pending: 0 });
    // The timestamp is the server's store time, in nanoseconds, exact as a bigint.
    expect(msg.timestampNanos).toBeGreaterThan(before);
    expect(Number(msg.timestampNanos / 1_000_000n)).toBe(msg.time.getTime());
    expect(msg.timestamp).toBe(msg.time.toISOString());
    expect(Math.floor(msg.info.timestampNanos / 1e6)).toBe(msg.time.getTime());
  });

  it("sends only the first of ack, nak, term: later ones and working() after it send nothing", async () => {
    const stream = await streamWith(1, "once");
    await ensureConsumer(env.nc, stream, { durable: "once" });
    await using watched = await ackWatcher(env.nc);
    const [msg] = await pull(env.nc, stream, "once");
    msg?.ack();
    msg?.ack();
    msg?.nak();
    msg?.term("late");
    msg?.working();
    await watched.settled();
    expect(watched.sent).toEqual(["+ACK"]);
    const info = await env.jsm.consumers.info(stream, "once");
    expect(info.num_ack_pending).toBe(0);
    expect(info.ack_floor.stream_seq).toBe(1);
  });

  it("working() repeats until the message is settled", async () => {
    const stream = await streamWith(1, "wpi");
    await ensureConsumer(env.nc, stream, { durable: "wpi" });
    await using watched = await ackWatcher(env.nc);
    const [msg] = await pull(env.nc, stream, "wpi");
    msg?.working();
    msg?.working();
    msg?.ack();
    msg?.working();
    await watched.settled();
    expect(watched.sent).toEqual(["+WPI", "+WPI", "+ACK"]);
  });

  it("nak(millis) asks for redelivery after that delay, in nanoseconds", async () => {
    const stream = await streamWith(1, "nak");
    await ensureConsumer(env.nc, stream, { durable: "nak" });
    await using watched = await ackWatcher(env.nc);
    const [msg] = await pull(env.nc, stream, "nak");
    const nakedAt = Date.now();
    msg?.nak(1500);
    await watched.settled();
    expect(watched.sent).toEqual(['-NAK {"delay":1500000000}']);
    const [again] = await pull(env.nc, stream, "nak");
    expect(Date.now() - nakedAt).toBeGreaterThanOrEqual(1400);
    expect(again?.redelivered).toBe(true);
    expect(again?.info.deliveryCount).toBe(2);
    // A plain nak: back at once.
    again?.nak();
    const [third] = await pull(env.nc, stream, "nak");
    expect(third?.info.deliveryCount).toBe(3);
    await watched.settled();
    expect(watched.sent).toEqual(['-NAK {"delay":1500000000}', "-NAK"]);
    third?.ack();
  });

  it("term() ends the message's deliveries; term(reason) sends the reason", async () => {
    const stream = await streamWith(2, "term");
    await ensureConsumer(env.nc, stream, { durable: "term" });
    const terminated: number[] = [];
    const advisories = env.nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${stream}.term`, {
      callback: (_, msg) => void terminated.push((msg.json() as { stream_seq: number }).stream_seq),
    });
    await env.nc.flush();
    await using watched = await ackWatcher(env.nc);
    const [plain, reasoned] = await pull(env.nc, stream, "term", 2);
    plain?.term();
    reasoned?.term("bad payload");
    await watched.settled();
    expect(watched.sent).toEqual(["+TERM", "+TERM bad payload"]);
    // Servers before 2.11 do not parse a reason and take "+TERM <reason>" for no ack at all.
    const understood = supports(env.nc, features.termReason) ? [1, 2] : [1];
    await until(() => terminated.length === understood.length, 5000, "the terminated advisories");
    expect(terminated.sort()).toEqual(understood);
    expect((await env.jsm.consumers.info(stream, "term")).num_ack_pending).toBe(2 - understood.length);
    advisories.unsubscribe();
  });

  it("ackAck() resolves true once the server confirmed the ack, false when already settled", async () => {
    const stream = await streamWith(2, "ackack");
    await ensureConsumer(env.nc, stream, { durable: "ackack" });
    const [first, second] = await pull(env.nc, stream, "ackack", 2);
    expect(await first?.ackAck()).toBe(true);
    // Confirmed: the server has the ack when the promise resolves.
    expect((await env.jsm.consumers.info(stream, "ackack")).ack_floor.stream_seq).toBe(1);
    expect(await first?.ackAck()).toBe(false);
    second?.ack();
    expect(await second?.ackAck()).toBe(false);
  });

  it("ackAck() rejects when nothing confirms the ack in time", async () => {
    const stream = await streamWith(1, "ackgone");
    await ensureConsumer(env.nc, stream, { durable: "ackgone", ackPolicy: AckPolicy.Explicit });
    const [msg] = await pull(env.nc, stream, "ackgone");
    await env.jsm.consumers.delete(stream, "ackgone");
    // No consumer listens on the ack subject any more: no responders, or a timeout.
    await expect(msg?.ackAck({ timeout: 500 })).rejects.toThrow();
    expect(await msg?.ackAck()).toBe(false);
  });
});
