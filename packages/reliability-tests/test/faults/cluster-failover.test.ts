import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NatsfluxError } from "@natsflux/core";
import { Publisher, streamConsumer, streamPublisher, withStreamConfig } from "@natsflux/messaging";
import { type NatsCluster, startCluster, until } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade, report, Tally, waitFor } from "../support/helpers.js";
import { retryFailed, steadyProducer } from "../support/producer.js";

let cluster: NatsCluster;
let raw: NatsConnection;

beforeAll(async () => {
  cluster = await startCluster();
  raw = await connect({ servers: cluster.urls, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}, 60_000);

afterAll(async () => {
  await raw?.close();
  await cluster?.stop();
});

/** The stream's leader as the cluster reports it, polled (bounded) until one is elected. */
async function streamLeader(stream: string, notThis?: string): Promise<string> {
  // No API check on creation: that is itself a request, which times out while the cluster elects.
  const jsm = await jetstreamManager(raw, { timeout: 2000, checkAPI: false });
  let last: unknown;
  return until(
    () => `a leader for stream ${stream} (last error: ${String(last)})`,
    async () => {
      try {
        const leader = (await jsm.streams.info(stream)).cluster?.leader;
        return leader !== undefined && leader !== notThis ? leader : undefined;
      } catch (error) {
        last = error;
        return undefined;
      }
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  );
}

describe("3-node cluster, R3 stream: the stream leader is killed mid-flow", () => {
  it("fails over: publishing and consuming continue, zero acknowledged messages lost", async () => {
    const tally = new Tally();
    const logger = captureLogger();
    const conn = facade({ serviceName: "failover-svc", servers: cluster.urls, logger });
    const pub = new Publisher<{ n: number }>();
    await conn.start(
      withStreamConfig("orders", { replicas: 3, maxAge: 600_000 }),
      streamPublisher("orders", pub),
      streamConsumer<{ n: number }>("orders", "Order.Placed", (event) => tally.add(event.payload.n)),
    );
    const jsm = await jetstreamManager(raw);
    const info = await jsm.streams.info("orders");
    expect(info.config.num_replicas).toBe(3);
    expect((await jsm.consumers.info("orders", "failover-svc")).config.num_replicas ?? 0).toBeLessThanOrEqual(
      3,
    );

    const producer = steadyProducer(pub, "Order.Placed", { intervalMs: 20, max: 500, idPrefix: "failover" });
    try {
      await waitFor(() => tally.distinct >= 20, 15_000, "20 messages handled before the failover");
      const leader = await streamLeader("orders");
      const victim = cluster.servers.find((s) => s.name === leader);
      expect(victim).toBeDefined();
      const killedAt = Date.now();
      await victim?.kill();
      const newLeader = await streamLeader("orders", leader);
      const electedAt = Date.now();
      const handledAtFailover = tally.distinct;
      const sentAtFailover = producer.sent;
      // Keep the flow going on the new leader for a while: 50 more published, 50 more handled.
      await waitFor(
        () => producer.sent >= Math.min(sentAtFailover + 50, 500) && tally.distinct >= handledAtFailover + 50,
        20_000,
        "50 more messages on the new leader",
      );
      const outcomes = await producer.stop();

      const acked = outcomes.filter((o) => o.ok).map((o) => o.n);
      const failed = outcomes.filter((o) => !o.ok);
      for (const f of failed) {
        const error = f.ok ? undefined : (f.error as Error);
        expect(error).toBeInstanceOf(NatsfluxError);
        // During the election the stream has no leader: the publish fails fast (503) or times out, and either
        // error says to retry with the same msgId.
        expect(error?.message).toMatch(/retr(y|ies)/i);
      }
      expect(outcomes.filter((o) => o.ok && o.at > electedAt).length).toBeGreaterThan(0);
      await waitFor(
        () => tally.missing(acked).length === 0,
        30_000,
        "every acknowledged publish to be handled",
      );
      expect(tally.distinct).toBeGreaterThan(handledAtFailover);

      const retried = await retryFailed(pub, "Order.Placed", failed, "failover");
      expect(retried).toBe(failed.length);
      const all = outcomes.map((o) => o.n);
      await waitFor(
        () => tally.missing(all).length === 0,
        20_000,
        "every message to be handled after retries",
      );
      // A routine failover is no trouble: the consumer's status events are logged at info, never as warnings.
      const consumerStatus = logger.entries.filter((e) => e.message === "consumer status");
      expect(consumerStatus.filter((e) => e.level === "warn")).toEqual([]);
      report("cluster: stream leader killed", {
        sent: all.length,
        ackedFirstTry: acked.length,
        failedFirstTry: failed.length,
        failedTypes: [...new Set(failed.map((f) => (f.ok ? "" : (f.error as Error).name)))],
        retriedOk: retried,
        processed: tally.distinct,
        duplicates: tally.duplicates,
        lost: tally.missing(all).length,
        electionMs: electedAt - killedAt,
        leaders: [leader, newLeader],
        statusEvents: consumerStatus.map((e) => e.attributes?.type),
      });
    } finally {
      await producer.stop();
      await conn.close();
    }
  }, 90_000);
});
