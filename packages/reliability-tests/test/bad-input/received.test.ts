import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { DecodeError } from "@natsflux/core";
import {
  type Connection,
  type ConsumableEvent,
  type ErrorNotification,
  eventStreamConsumer,
  withErrorHandler,
} from "@natsflux/messaging";
import { type NatsServer, startServer, until, versionAtLeast } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade, report, waitFor } from "../support/helpers.js";
import { publishRawHeaders } from "../support/raw-publish.js";

// Messages that arrive broken: each gets a documented outcome, the consumer carries on, the process survives.

let server: NatsServer;
let raw: NatsConnection;
let jsm: JetStreamManager;
const logger = captureLogger();
const handled: ConsumableEvent<{ n: number }>[] = [];
const failures: ErrorNotification[] = [];
let conn: Connection;

beforeAll(async () => {
  server = await startServer();
  raw = await connect({ servers: server.url });
  jsm = await jetstreamManager(raw);
  conn = facade({ serviceName: "bad-input-svc", servers: server.url, logger });
  await conn.start(
    eventStreamConsumer<{ n: number }>("Bad.Input", (event) => void handled.push(event)),
    withErrorHandler((n) => void failures.push(n)),
  );
});

afterAll(async () => {
  await conn?.close();
  await raw?.close();
  await server?.[Symbol.asyncDispose]();
});

const js = () => jetstream(raw);
const enc = new TextEncoder();

async function publishRaw(data: Uint8Array | string, headers?: Record<string, string | string[]>) {
  const h = natsHeaders();
  for (const [key, value] of Object.entries(headers ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) h.append(key, v);
  }
  return js().publish("events.Bad.Input", data, headers === undefined ? {} : { headers: h });
}

/** Publishes a good marker after the bad message; once it is handled, the bad one was settled before it. */
async function marker(n: number): Promise<void> {
  await publishRaw(JSON.stringify({ n }));
  await waitFor(() => handled.some((e) => e.payload.n === n), 10_000, `marker ${n}`);
}

async function consumerState() {
  const info = await jsm.consumers.info("events", "bad-input-svc");
  return { ackPending: info.num_ack_pending, redelivered: info.num_redelivered, pending: info.num_pending };
}

/** The consumer's state once the server has applied every settlement (acks are not answered: poll). */
async function settled() {
  return until("the consumer to settle (nothing pending or awaiting an ack)", async () => {
    const state = await consumerState();
    return state.ackPending === 0 && state.pending === 0 && state;
  });
}

describe("undecodable payloads are terminated, reported, and never redelivered", () => {
  const cases: Array<[string, Uint8Array]> = [
    ["malformed JSON", enc.encode('{"n": 1,')],
    ["non-UTF-8 bytes", new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0xff, 0xfe, 0x7d])],
    ["an empty payload", new Uint8Array(0)],
    ["a lone invalid surrogate sequence", new Uint8Array([0xed, 0xa0, 0x80])],
  ];
  let marks = 1000;
  for (const [what, bytes] of cases) {
    it(what, async () => {
      const before = failures.length;
      const handledBefore = handled.length;
      await publishRaw(bytes, { "ce-type": "Bad.Input" });
      await marker(++marks);
      // The handler never saw it; the error handler did, with a DecodeError naming the subject.
      expect(handled.length).toBe(handledBefore + 1);
      const failure = failures[before];
      expect(failure?.error).toBeInstanceOf(DecodeError);
      expect(failure?.error.message).toContain("events.Bad.Input");
      expect(failure?.deliveryInfo.key).toBe("Bad.Input");
      // Terminated on the server (nothing pending or awaiting an ack): it can never be redelivered.
      expect(await settled()).toMatchObject({ ackPending: 0, pending: 0, redelivered: 0 });
      expect(logger.entries.some((e) => e.message === "failed to parse message, terminating")).toBe(true);
    });
  }
});

describe("headers: missing, partial or wrong CloudEvents attributes are enriched, never fatal", () => {
  it("no headers at all: handled, metadata filled in (legacy message), no warning", async () => {
    const warnings = logger.entries.filter((e) => e.level === "warn").length;
    await publishRaw(JSON.stringify({ n: 1 }));
    await waitFor(() => handled.some((e) => e.payload.n === 1), 10_000, "n=1");
    const event = handled.find((e) => e.payload.n === 1);
    expect(event?.metadata).toMatchObject({ type: "Bad.Input", source: "events", specVersion: "1.0" });
    expect(event?.metadata.id).not.toBe("");
    expect(event?.deliveryInfo.headers).toEqual({});
    expect(logger.entries.filter((e) => e.level === "warn").length).toBe(warnings);
  });

  it("partial CloudEvents headers: handled with what was given, the missing attributes named in a warning", async () => {
    await publishRaw(JSON.stringify({ n: 2 }), { "ce-id": "given-id", "ce-type": "Given.Type" });
    await waitFor(() => handled.some((e) => e.payload.n === 2), 10_000, "n=2");
    const event = handled.find((e) => e.payload.n === 2);
    expect(event?.metadata).toMatchObject({ id: "given-id", type: "Given.Type", source: "events" });
    const warning = logger.entries.find(
      (e) => e.message === "incoming message has invalid CloudEvents headers",
    );
    expect(warning?.attributes?.warnings).toEqual(
      expect.arrayContaining([
        'missing required attribute "ce-specversion"',
        'missing required attribute "ce-source"',
        'missing required attribute "ce-time"',
      ]),
    );
  });

  it("wrong values are passed through as Go does (empty counts as present, a bad ce-time reads as empty); repeated keys keep the first", async () => {
    await publishRaw(JSON.stringify({ n: 3 }), {
      "ce-specversion": "0.3",
      "ce-type": "",
      "ce-source": "src",
      "ce-id": ["first-id", "second-id"],
      "ce-time": "yesterday at noon",
      "Ce-Id": "other-case",
    });
    await waitFor(() => handled.some((e) => e.payload.n === 3), 10_000, "n=3");
    const event = handled.find((e) => e.payload.n === 3);
    expect(event?.metadata.id).toBe("first-id");
    expect(event?.metadata.specVersion).toBe("0.3");
    expect(event?.metadata.type).toBe("");
    expect(event?.metadata.timestamp).toBe("");
    expect(event?.deliveryInfo.headers["Ce-Id"]).toBe("other-case");
  });

  it("bridged (cloudEvents_) spellings are normalised", async () => {
    // (`cloudEvents:` cannot even be sent: ':' is not allowed in a NATS header name.)
    await publishRaw(JSON.stringify({ n: 4 }), {
      cloudEvents_id: "amqp-id",
      cloudEvents_type: "Amqp.Type",
      cloudEvents_source: "amqp",
      cloudEvents_specversion: "1.0",
      cloudEvents_time: "2026-01-02T03:04:05Z",
    });
    await waitFor(() => handled.some((e) => e.payload.n === 4), 10_000, "n=4");
    expect(handled.find((e) => e.payload.n === 4)?.metadata).toMatchObject({
      id: "amqp-id",
      type: "Amqp.Type",
      source: "amqp",
      timestamp: "2026-01-02T03:04:05Z",
    });
  });

  it("a header block nats.js cannot parse (written raw by a foreign client) is terminated, not redelivered", async () => {
    const before = failures.length;
    await publishRawHeaders(
      server.port,
      "events.Bad.Input",
      "NATS/1.0\r\nbad key: v\r\nce-id: raw\r\n\r\n",
      JSON.stringify({ n: 5 }),
    );
    await marker(2001);
    expect(handled.some((e) => e.payload.n === 5)).toBe(false);
    expect(failures.length).toBe(before + 1);
    expect(failures[before]?.error).toBeInstanceOf(DecodeError);
    expect(await settled()).toMatchObject({ ackPending: 0, pending: 0, redelivered: 0 });
  });

  it("the consumer is healthy afterwards: nothing pending, nothing redelivered", async () => {
    await marker(9999);
    expect(await settled()).toMatchObject({ ackPending: 0, pending: 0, redelivered: 0 });
    report("bad payloads and headers", {
      sent: handled.length + failures.length,
      processed: handled.length,
      terminated: failures.length,
      redelivered: 0,
      lost: 0,
    });
  });
});

describe("an unknown routing key reaches a consumer whose filter was widened externally", () => {
  it("is terminated and logged (no handler), the other keys go on", async (ctx) => {
    // Observed on 2.9.10: it accepts changing a consumer's filter_subject in place, then the consumer delivers
    // nothing more (not even the keys it had); and it has no filter_subjects to widen a group with.
    if (!versionAtLeast(server.version, "2.10.0")) {
      ctx.skip("nats-server < 2.10: a consumer's filter cannot be widened in place (needs filter_subjects)");
    }
    const seen: number[] = [];
    const widenedLogger = captureLogger();
    const svc = facade({ serviceName: "widened-svc", servers: server.url, logger: widenedLogger });
    await svc.start(
      eventStreamConsumer<{ n: number }>("Known.A", (e) => void seen.push(e.payload.n)),
      eventStreamConsumer<{ n: number }>("Known.B", (e) => void seen.push(e.payload.n)),
    );
    try {
      const current = (await jsm.consumers.info("events", "widened-svc")).config;
      await jsm.consumers.update("events", "widened-svc", {
        ...current,
        filter_subject: undefined,
        filter_subjects: ["events.Known.A", "events.Known.B", "events.Unknown.C"],
      });
      await js().publish("events.Unknown.C", JSON.stringify({ n: 77 }));
      await js().publish("events.Known.A", JSON.stringify({ n: 78 }));
      await waitFor(() => seen.includes(78), 10_000, "the known key after the unknown one");
      expect(seen).not.toContain(77);
      expect(widenedLogger.entries).toContainEqual(
        expect.objectContaining({ level: "warn", message: "no handler for routing key, rejecting" }),
      );
      // Settled on the server (the unknown key terminated): nothing can be redelivered.
      const info = await until(
        "the widened consumer to settle",
        async () => {
          const i = await jsm.consumers.info("events", "widened-svc");
          return i.num_ack_pending === 0 && i.num_pending === 0 && i;
        },
        { timeoutMs: 5000 },
      );
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_redelivered).toBe(0);
    } finally {
      await svc.close();
    }
  });
});
