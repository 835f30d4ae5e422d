import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { NatsfluxError } from "@natsflux/core";
import { eventStreamConsumer, eventStreamPublisher, Publisher } from "@natsflux/messaging";
import { type NatsServer, startServer, until } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade, report, Tally, waitFor } from "../support/helpers.js";
import { retryFailed, steadyProducer } from "../support/producer.js";

let server: NatsServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.[Symbol.asyncDispose]();
});

describe("single server SIGKILL and restart under load", () => {
  it("loses no acknowledged publish; failed publishes fail with a typed error; the consumer resumes by itself", async () => {
    const logger = captureLogger();
    const tally = new Tally();
    // The facade's own reconnect defaults (never give up, retry every second): nothing tuned for the test.
    const conn = facade({ serviceName: "restart-svc", servers: server.url, logger });
    const pub = new Publisher<{ n: number }>();
    await conn.start(
      eventStreamPublisher(pub),
      eventStreamConsumer<{ n: number }>("Restart.Tick", (event) => tally.add(event.payload.n)),
    );
    const producer = steadyProducer(pub, "Restart.Tick", { intervalMs: 20, max: 400, idPrefix: "restart" });

    try {
      await waitFor(() => tally.distinct >= 20, 10_000, "the consumer to handle 20 messages before the kill");
      const killedAt = Date.now();
      await server.kill();
      // Down until 25 publishes (half a second of the producer's steady rate) were sent into the outage.
      const sentAtKill = producer.sent;
      await waitFor(() => producer.sent >= sentAtKill + 25, 10_000, "publishes during the outage");
      await server.restart();
      const restartedAt = Date.now();
      // Up until a publish sent after the restart is acknowledged, and one sent before it handled again.
      const handledAtRestart = tally.distinct;
      await waitFor(
        () => producer.outcomes.some((o) => o.ok && o.at > restartedAt) && tally.distinct > handledAtRestart,
        20_000,
        "publishing and consuming to resume",
      );
      const outcomes = await producer.stop();

      const acked = outcomes.filter((o) => o.ok).map((o) => o.n);
      const failed = outcomes.filter((o) => !o.ok);
      // Every publish settled (none hangs or vanishes); a failed one is a natsflux error naming the subject
      // (PublishTimeoutError: "may or may not have been stored; retry with the same msgId").
      expect(outcomes.length).toBe(producer.sent);
      for (const f of failed) {
        expect(f.ok ? undefined : f.error).toBeInstanceOf(NatsfluxError);
        expect(f.ok ? "" : (f.error as Error).message).toMatch(/Restart\.Tick/);
      }
      expect(outcomes.filter((o) => o.ok && o.at > restartedAt).length).toBeGreaterThan(0);

      // No acknowledged publish is lost, and the consumer resumed by itself (no user code ran on reconnect).
      await waitFor(
        () => tally.missing(acked).length === 0,
        20_000,
        "every acknowledged publish to be handled",
      );

      // The documented recipe for a failed publish: publish again with the same Nats-Msg-Id.
      const retried = await retryFailed(pub, "Restart.Tick", failed, "restart");
      expect(retried).toBe(failed.length);
      const all = outcomes.map((o) => o.n);
      await waitFor(
        () => tally.missing(all).length === 0,
        20_000,
        "every message to be handled after retries",
      );
      report("server SIGKILL + restart", {
        sent: all.length,
        ackedFirstTry: acked.length,
        failedFirstTry: failed.length,
        failedTypes: [...new Set(failed.map((f) => (f.ok ? "" : (f.error as Error).name)))],
        failedSentMsAfterKill: failed.length
          ? [Math.min(...failed.map((f) => f.at - killedAt)), Math.max(...failed.map((f) => f.at - killedAt))]
          : [],
        retriedOk: retried,
        processed: tally.distinct,
        duplicates: tally.duplicates,
        lost: tally.missing(all).length,
        downMs: restartedAt - killedAt,
      });
    } finally {
      await producer.stop();
      await conn.close();
    }

    // Everything handled was acknowledged before close: nothing is left pending on the server. The server
    // applies acks after close()'s flush has returned, so its state is polled (an unacked message would stay
    // pending for the 30 s ack_wait, far beyond this wait).
    const raw = await connect({ servers: server.url });
    try {
      const jsm = await jetstreamManager(raw);
      const info = await until("the consumer to settle after close", async () => {
        const current = await jsm.consumers.info("events", "restart-svc");
        return current.num_ack_pending === 0 && current.num_pending === 0 && current;
      });
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    } finally {
      await raw.close();
    }
  }, 60_000);
});
