import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { StatusEvent } from "@natsflux/core";
import {
  type Connection,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  streamConsumer,
  streamPublisher,
  transientStreamConsumer,
} from "@natsflux/messaging";
import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade, report, Tally, waitFor } from "../support/helpers.js";

let server: NatsServer;
let raw: NatsConnection;
let jsm: JetStreamManager;
const open: Connection[] = [];

beforeAll(async () => {
  server = await startServer();
  raw = await connect({ servers: server.url });
  jsm = await jetstreamManager(raw);
});

afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await raw?.close();
  await server?.[Symbol.asyncDispose]();
});

async function service(name: string, stream: string, routingKey: string, transient = false) {
  const tally = new Tally();
  const events: StatusEvent[] = [];
  const logger = captureLogger();
  const conn = facade({
    serviceName: name,
    servers: server.url,
    logger,
    onStatus: (event) => events.push(event),
  });
  open.push(conn);
  const pub = new Publisher<{ n: number }>();
  const consume = transient ? transientStreamConsumer : streamConsumer;
  await conn.start(
    stream === "events" ? eventStreamPublisher(pub) : streamPublisher(stream, pub),
    stream === "events"
      ? eventStreamConsumer<{ n: number }>(routingKey, (e) => tally.add(e.payload.n))
      : consume<{ n: number }>(stream, routingKey, (e) => tally.add(e.payload.n)),
  );
  const publish = async (from: number, to: number) => {
    for (let n = from; n < to; n++) await pub.publish(routingKey, { n });
  };
  return { conn, tally, events, logger, publish };
}

const types = (events: StatusEvent[]) => events.map((e) => e.type);

/**
 * Deletes a consumer as an operator would. nats-server 2.9.10 may answer "unlinkat ... directory not empty" while
 * its file store removes the consumer's directory; the consumer is gone all the same, so that answer is accepted.
 */
async function deleteConsumer(stream: string, name: string): Promise<void> {
  await jsm.consumers.delete(stream, name).catch((error: unknown) => {
    if (!/directory not empty/.test(String(error))) throw error;
  });
}

describe("consumer or stream deleted underneath a running facade consumer", () => {
  it("durable deleted: a typed consumer_deleted event, the durable is recreated, consumption goes on", async () => {
    const svc = await service("deleted-durable", "events", "Deleted.Durable");
    await svc.publish(0, 5);
    await waitFor(() => svc.tally.distinct === 5, 10_000, "5 messages before the delete");

    await deleteConsumer("events", "deleted-durable");
    await waitFor(() => types(svc.events).includes("consumer_recreated"), 20_000, "consumer_recreated");
    expect(types(svc.events)).toContain("consumer_deleted");
    await svc.publish(5, 10);
    const all = Array.from({ length: 10 }, (_, i) => i);
    await waitFor(() => svc.tally.missing(all).length === 0, 15_000, "messages after the recreation");
    // Documented outcome: the recreated durable starts from its deliver policy (all), so what was already
    // handled comes again (at least once), as after a restart of the service.
    const info = await jsm.consumers.info("events", "deleted-durable");
    expect(info.config.filter_subject).toBe("events.Deleted.Durable");
    expect(
      svc.logger.entries.some((e) => e.level === "warn" && e.attributes?.type === "consumer_deleted"),
    ).toBe(true);
    report("durable consumer deleted", {
      sent: 10,
      processed: svc.tally.distinct,
      redelivered: svc.tally.duplicates,
      lost: svc.tally.missing(all).length,
      events: [...new Set(types(svc.events))],
    });
  }, 40_000);

  it("stream deleted: stream/consumer events, retried until the stream exists again, then resumes", async () => {
    const svc = await service("deleted-stream", "audit", "Audit.Entry");
    await svc.publish(0, 3);
    await waitFor(() => svc.tally.distinct === 3, 10_000, "3 messages before the delete");
    const config = (await jsm.streams.info("audit")).config;

    await jsm.streams.delete("audit");
    await waitFor(
      () => types(svc.events).some((t) => t === "consumer_deleted" || t === "stream_not_found"),
      20_000,
      "a typed event for the vanished stream",
    );
    // Publishing now fails with a typed error that names the subject; nothing is stored anywhere.
    const failure = await svc.publish(100, 101).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "PUBLISH", subject: "audit.Audit.Entry" });
    // An operator (or another service's start()) creates the stream again: the consumer comes back by itself.
    await jsm.streams.add({ ...config });
    await waitFor(() => types(svc.events).includes("consumer_recreated"), 20_000, "consumer_recreated");
    await svc.publish(3, 8);
    const after = [3, 4, 5, 6, 7];
    await waitFor(() => svc.tally.missing(after).length === 0, 15_000, "messages after the stream came back");
    report("stream deleted", {
      sent: 8,
      processed: svc.tally.distinct,
      lost: svc.tally.missing([0, 1, 2, ...after]).length,
      publishWhileGone: (failure as Error).name,
      events: [...new Set(types(svc.events))],
    });
  }, 60_000);

  it("transient consumer deleted: recreated after its last delivered message, nothing replayed", async () => {
    const svc = await service("deleted-transient", "jobs", "Job.Run", true);
    await svc.publish(0, 5);
    await waitFor(() => svc.tally.distinct === 5, 10_000, "5 messages before the delete");
    const names: string[] = [];
    for await (const c of jsm.consumers.list("jobs")) names.push(c.name);
    expect(names).toHaveLength(1);
    await deleteConsumer("jobs", names[0] as string);
    await waitFor(() => types(svc.events).includes("consumer_recreated"), 20_000, "consumer_recreated");
    await svc.publish(5, 10);
    const all = Array.from({ length: 10 }, (_, i) => i);
    await waitFor(() => svc.tally.missing(all).length === 0, 15_000, "messages after the recreation");
    expect(svc.tally.duplicates).toBe(0);
    report("transient consumer deleted", {
      sent: 10,
      processed: svc.tally.distinct,
      redelivered: svc.tally.duplicates,
      lost: 0,
    });
  }, 40_000);
});
