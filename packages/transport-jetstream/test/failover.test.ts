import { type JsMsg, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import type { StatusEvent } from "@natsflux/core";
import {
  type NatsCluster,
  type NatsServer,
  startCluster,
  uniqueName,
  versionAtLeast,
} from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveHandles } from "../src/connection.js";
import { ConsumerBinding } from "../src/consume/consumer-binding.js";
import { PullLoop } from "../src/consume/pull-loop.js";
import { ensureStream, JetStreamPublisher, JetStreamSubscriber } from "../src/index.js";
import { publishUntilStored, sleep, until } from "./support.js";

// One 3-node cluster for the file (the machine is small): every case has its own R3 stream, a steady
// publisher and a consumer with 1 s heartbeats, and a bounded number of messages.
let cluster: NatsCluster;
let admin: NatsConnection;

const heartbeat = 1000;

beforeAll(async () => {
  cluster = await startCluster();
  admin = await connect({ servers: cluster.urls, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}, 60_000);

afterAll(async () => {
  await admin?.close();
  await cluster?.stop();
});

/** A connection to the first of `urls` (in that order), failing over to the others. */
function connectOnly(urls: string[]): Promise<NatsConnection> {
  return connect({ servers: urls, noRandomize: true, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}

/** An R3 stream; retried while a restarted node catches up ("insufficient resources"), bounded. */
async function r3Stream(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  let last: unknown;
  await until(
    () =>
      ensureStream(admin, { name, subjects: [`${name}.>`], replicas: 3 }).then(
        () => true,
        (error: unknown) => {
          last = error;
          return false;
        },
      ),
    30_000,
    () => `R3 stream ${name} (last error: ${String(last)})`,
    250,
  );
  return name;
}

async function leaders(stream: string, consumer: string): Promise<{ stream: string; consumer: string }> {
  const jsm = await jetstreamManager(admin, { timeout: 2000, checkAPI: false });
  let found: { stream: string; consumer: string } | undefined;
  await until(
    async () => {
      try {
        const s = (await jsm.streams.info(stream)).cluster?.leader;
        const c = (await jsm.consumers.info(stream, consumer)).cluster?.leader;
        if (s && c) found = { stream: s, consumer: c };
      } catch {
        // An election is under way: ask again.
      }
      return found !== undefined;
    },
    20_000,
    `leaders for ${stream}/${consumer}`,
    100,
  );
  return found as { stream: string; consumer: string };
}

function node(name: string): NatsServer {
  const server = cluster.servers.find((s) => s.name === name);
  if (server === undefined) throw new Error(`no node named ${name}`);
  return server;
}

/**
 * When the cluster announced a new leader for the stream and for the consumer (leader-elected advisories),
 * heard through one connection per node, so that a killed node does not hide the announcement.
 */
async function electionWatch(stream: string, consumer: string) {
  const elected = { stream: [] as number[], consumer: [] as number[] };
  const conns = await Promise.all(cluster.servers.map((s) => connectOnly([s.url])));
  for (const nc of conns) {
    nc.subscribe(`$JS.EVENT.ADVISORY.STREAM.LEADER_ELECTED.${stream}`, {
      callback: () => {
        elected.stream.push(Date.now());
      },
    });
    nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.${stream}.${consumer}`, {
      callback: () => {
        elected.consumer.push(Date.now());
      },
    });
  }
  await Promise.all(conns.map((nc) => nc.flush()));
  return { elected, stop: () => Promise.all(conns.map((nc) => nc.close())) };
}

/** Publishes n = 0, 1, ... every 10 ms until stopped (at most 3000), each retried with its msgId until acked. */
function steadyPublisher(nc: NatsConnection, subject: string) {
  const publisher = new JetStreamPublisher(nc, jsonCodec<number>());
  const acked = new Set<number>();
  const sends: Promise<void>[] = [];
  let stopped = false;
  const send = async (n: number) => {
    // Not stored within a minute: the test's accounting leaves it out.
    if (await publishUntilStored(publisher, subject, n, { msgId: `${subject}-${n}`, intervalMs: 50 }))
      acked.add(n);
  };
  const loop = (async () => {
    for (let n = 0; n < 3000 && !stopped; n++) {
      sends.push(send(n));
      // Fixed on purpose: a steady rate over the fault is the input of this test, not a wait for state.
      await sleep(10);
    }
  })();
  return {
    acked,
    async stop() {
      stopped = true;
      await loop;
      await Promise.all(sends);
      await publisher.close();
    },
  };
}

/** Which leaders the fault displaced: the resume is measured from the last of their elections. */
interface Moved {
  readonly streamMoved: boolean;
  readonly consumerMoved: boolean;
}

interface Run {
  readonly stream: string;
  readonly handledAt: Map<number, number>;
  readonly events: Array<StatusEvent & { at: number }>;
}

/**
 * Runs `fault` under a steady flow and measures, once the leaders it displaced are elected again, how long
 * the consumer took to handle a new message. Asserts that no acknowledged message is lost.
 */
async function failover(
  label: string,
  subscriberUrls: (leaders: { stream: string; consumer: string }) => string[],
  fault: (run: Run, leaders: { stream: string; consumer: string }) => Promise<Moved>,
  consume: (nc: NatsConnection, stream: string, run: Run) => Promise<{ stop(): Promise<void> }>,
) {
  const stream = await r3Stream("FO");
  const pubConn = await connectOnly(cluster.urls);
  const run: Run = { stream, handledAt: new Map(), events: [] };
  const jsm = await jetstreamManager(admin);
  // ack_wait 5 s: a message the killed node had sent but the client never received (in its socket when the
  // node died) is redelivered only after ack_wait; the default 30 s would outlast the wait for every message.
  await jsm.consumers.add(stream, {
    durable_name: "worker",
    ack_policy: "explicit" as never,
    ack_wait: 5_000_000_000,
  });
  const before = await leaders(stream, "worker");
  const nc = await connectOnly(subscriberUrls(before));
  const watch = await electionWatch(stream, "worker");
  const producer = steadyPublisher(pubConn, `${stream}.n`);
  try {
    const consumer = await consume(nc, stream, run);
    await until(() => run.handledAt.size >= 100, 15_000, "100 messages before the fault");
    const faultAt = Date.now();
    const { streamMoved, consumerMoved } = await fault(run, before);
    // Only elections after the fault count (a new stream's first election may be announced late).
    const after = (times: number[]) => times.find((at) => at >= faultAt);
    await until(
      () =>
        (!consumerMoved || after(watch.elected.consumer) !== undefined) &&
        (!streamMoved || after(watch.elected.stream) !== undefined),
      30_000,
      "the new leaders' election",
    );
    const availableAt = Math.max(
      consumerMoved ? (after(watch.elected.consumer) ?? 0) : 0,
      streamMoved ? (after(watch.elected.stream) ?? 0) : 0,
    );
    // The first message handled that was not handled before the new leader was elected.
    await until(
      () => [...run.handledAt.values()].some((at) => at >= availableAt),
      15_000,
      "a message after it",
    );
    const resumedAt = Math.min(...[...run.handledAt.values()].filter((at) => at >= availableAt));
    // Keep the flow going on the new leader for a while: 100 more messages handled after it resumed.
    const handledThen = run.handledAt.size;
    await until(() => run.handledAt.size >= handledThen + 100, 15_000, "100 more messages on the new leader");
    await producer.stop();
    await until(() => [...producer.acked].every((n) => run.handledAt.has(n)), 20_000, "every acked message");
    const figures = {
      electionMs: availableAt - faultAt,
      resumeAfterElectionMs: resumedAt - availableAt,
      acked: producer.acked.size,
      lost: [...producer.acked].filter((n) => !run.handledAt.has(n)).length,
      events: run.events.map((e) => e.type),
      eventDetails: run.events.map(
        (e) => `${e.type}${"reason" in e ? `:${e.reason}` : ""}@${e.at - faultAt}`,
      ),
    };
    console.log(
      `[failover] ${label} on nats-server ${cluster.servers[0]?.version}: ${JSON.stringify(figures)}`,
    );
    await consumer.stop();
    return figures;
  } finally {
    await watch.stop();
    await producer.stop();
    await nc.close();
    await pubConn.close();
    // The next case needs all three nodes (an R3 stream), whatever happened here.
    for (const server of cluster.servers) if (!server.running) await server.restart();
  }
}

/** The public subscriber, as applications use it. */
async function subscribe(nc: NatsConnection, stream: string, run: Run) {
  const subscriber = new JetStreamSubscriber(nc, jsonCodec<number>());
  const subscription = await subscriber.subscribe(
    { stream, consumer: "worker" },
    (message) => {
      if (!run.handledAt.has(message.payload)) run.handledAt.set(message.payload, Date.now());
    },
    {
      idleHeartbeat: heartbeat,
      expires: 5000,
      bufferSize: 64,
      onStatus: (e) => run.events.push({ ...e, at: Date.now() }),
    },
  );
  return {
    stop: async () => {
      await subscription.drain();
      await subscriber.close();
    },
  };
}

async function stepDown(api: "STREAM" | "CONSUMER", stream: string): Promise<void> {
  const subject =
    api === "STREAM"
      ? `$JS.API.STREAM.LEADER.STEPDOWN.${stream}`
      : `$JS.API.CONSUMER.LEADER.STEPDOWN.${stream}.worker`;
  const reply = (await admin.request(subject, "", { timeout: 5000 })).json<{ success?: boolean }>();
  expect(reply.success).toBe(true);
}

/**
 * How soon after an election the consumer must be pulling again when its leader was killed. nats-server 2.10+
 * answers a pull on a consumer without a leader with 503 (retried every ≤ 500 ms); 2.9 drops it silently,
 * so there only the pull's own deadline (no heartbeat for 1.5-1.75 intervals) can notice.
 */
function resumeBound(): number {
  return versionAtLeast(cluster.servers[0]?.version ?? "0", "2.10.0") ? 1000 : 2 * heartbeat;
}

describe("3-node cluster, R3 stream: the consumer resumes within 1 s of the new leader's election", () => {
  it("stream leader killed (subscriber on another node)", async () => {
    const figures = await failover(
      "stream leader killed",
      (l) => cluster.servers.filter((s) => s.name !== l.stream).map((s) => s.url),
      async (_run, l) => {
        await node(l.stream).kill();
        return { streamMoved: true, consumerMoved: l.consumer === l.stream };
      },
      subscribe,
    );
    expect(figures.lost).toBe(0);
    expect(figures.resumeAfterElectionMs).toBeLessThanOrEqual(resumeBound());
    expect(figures.events).not.toContain("error");
  }, 120_000);

  it("consumer leader killed, the subscriber connected to it (no 409 can arrive)", async () => {
    const figures = await failover(
      "consumer leader killed, client on it",
      (l) => [
        node(l.consumer).url,
        ...cluster.servers.filter((s) => s.name !== l.consumer).map((s) => s.url),
      ],
      async (_run, l) => {
        await node(l.consumer).kill();
        return { streamMoved: l.stream === l.consumer, consumerMoved: true };
      },
      subscribe,
    );
    expect(figures.lost).toBe(0);
    expect(figures.resumeAfterElectionMs).toBeLessThanOrEqual(resumeBound());
    expect(figures.events).toEqual(
      expect.arrayContaining(["disconnected", "reconnected", "consumer_resumed"]),
    );
    expect(figures.events).not.toContain("error");
  }, 120_000);

  it("consumer leader steps down ($JS.API.CONSUMER.LEADER.STEPDOWN)", async () => {
    const figures = await failover(
      "consumer step-down",
      () => cluster.urls,
      async (run) => {
        await stepDown("CONSUMER", run.stream);
        return { streamMoved: false, consumerMoved: true };
      },
      subscribe,
    );
    expect(figures.lost).toBe(0);
    expect(figures.resumeAfterElectionMs).toBeLessThanOrEqual(1000);
    expect(figures.events).not.toContain("error");
    // The old leader tells its pulls (409 Leadership Change); servers before 2.10 may not.
    if (versionAtLeast(cluster.servers[0]?.version ?? "0", "2.10.0")) {
      expect(figures.events).toContain("consumer_leader_changed");
    }
  }, 120_000);

  it("stream leader steps down ($JS.API.STREAM.LEADER.STEPDOWN)", async () => {
    const figures = await failover(
      "stream step-down",
      () => cluster.urls,
      async (run) => {
        await stepDown("STREAM", run.stream);
        return { streamMoved: true, consumerMoved: false };
      },
      subscribe,
    );
    expect(figures.lost).toBe(0);
    expect(figures.resumeAfterElectionMs).toBeLessThanOrEqual(1000);
    expect(figures.events).not.toContain("error");
  }, 120_000);
});

describe("3-node cluster: the leadership-change status never reaches the client", () => {
  it("resumes within 2 heartbeat intervals of the new leader, on the pull's own deadline", async () => {
    const dropped: string[] = [];
    const figures = await failover(
      "consumer step-down, 409 dropped",
      () => cluster.urls,
      async (run) => {
        await stepDown("CONSUMER", run.stream);
        return { streamMoved: false, consumerMoved: true };
      },
      async (nc, stream, run) => {
        // The pull loop itself, with the status seam dropping what a lost message or an older server would
        // not deliver; the NATS client is real.
        const binding = await ConsumerBinding.open(resolveHandles(nc), { stream, consumer: "worker" }, false);
        const handles = resolveHandles(nc);
        const loop = new PullLoop(
          nc,
          binding,
          {
            held: 0,
            whenBelow: () => Promise.resolve(),
            deliver: (message: JsMsg) => {
              const n = message.json<number>();
              if (!run.handledAt.has(n)) run.handledAt.set(n, Date.now());
              message.ack();
            },
          },
          {
            batch: 32,
            capacity: 64,
            expires: 5000,
            idleHeartbeat: heartbeat,
            js: handles.js,
            onStatus: (e) => run.events.push({ ...e, at: Date.now() }),
            statusFilter: (status) => {
              if (status.kind !== "leadership_change" && status.kind !== "server_shutdown") return true;
              dropped.push(status.kind);
              return false;
            },
          },
          (error) => run.events.push({ type: "error", error, at: Date.now() }),
        );
        loop.start();
        return { stop: () => loop.stop() };
      },
    );
    expect(figures.lost).toBe(0);
    expect(figures.resumeAfterElectionMs).toBeLessThanOrEqual(2 * heartbeat);
    expect(figures.events).toContain("consumer_unresponsive");
    expect(figures.events).not.toContain("consumer_leader_changed");
    if (versionAtLeast(cluster.servers[0]?.version ?? "0", "2.10.0"))
      expect(dropped).toContain("leadership_change");
  }, 120_000);
});
