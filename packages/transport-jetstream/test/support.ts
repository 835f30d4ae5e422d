import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { type NatsServer, until as pollUntil, startServer, uniqueName } from "@natsflux/testing";
import { ensureStream, type JetStreamPublisher } from "../src/index.js";

/**
 * A connection that never gives up reconnecting (the client default stops after ~20 s of outage), with a
 * short wait between attempts so restart tests stay fast.
 */
export function connectTo(server: NatsServer): Promise<NatsConnection> {
  return connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}

export interface TestEnv {
  readonly server: NatsServer;
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  close(): Promise<void>;
}

/** One server and one connection, for a whole test file. */
export async function testEnv(): Promise<TestEnv> {
  const server = await startServer();
  const nc = await connectTo(server);
  const jsm = await jetstreamManager(nc);
  return {
    server,
    nc,
    jsm,
    async close() {
      if (!nc.isClosed()) await nc.close();
      await server[Symbol.asyncDispose]();
    },
  };
}

/** A fresh stream capturing `<name>.>`; returns its name, which is also the subject prefix. */
export async function freshStream(nc: NatsConnection, prefix = "s"): Promise<string> {
  const name = uniqueName(prefix);
  await ensureStream(nc, { name, subjects: [`${name}.>`] });
  return name;
}

/** For pacing a steady producer only (a rate is the input there); waiting for state is `until`'s job. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The harness's `until`, in this suite's argument order: fails after `timeoutMs` naming `what`. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string | (() => string),
  intervalMs = 10,
): Promise<void> {
  await pollUntil(what, condition, { timeoutMs, intervalMs });
}

/** One attempt at `attempt`: true when it resolved, false when it threw (for retrying it with `until`). */
export function succeeded(attempt: Promise<unknown>): Promise<boolean> {
  return attempt.then(
    () => true,
    () => false,
  );
}

/**
 * Publishes `value` with `msgId` again and again until the stream has stored it (the msgId makes a retry
 * safe), across an outage or an election; resolves false when it was not stored within `timeoutMs`.
 */
export function publishUntilStored(
  publisher: JetStreamPublisher<number>,
  subject: string,
  value: number,
  options: { msgId: string; intervalMs: number; timeoutMs?: number },
): Promise<boolean> {
  const { msgId, intervalMs, timeoutMs = 60_000 } = options;
  const attempt = () => succeeded(publisher.publish(subject, value, { msgId, timeout: 500 }));
  return succeeded(until(attempt, timeoutMs, `message ${msgId} stored`, intervalMs));
}
