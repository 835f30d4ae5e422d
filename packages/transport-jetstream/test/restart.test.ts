import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { jsonCodec } from "@natsflux/codec-json";
import type { StatusEvent } from "@natsflux/core";
import { gate, type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ensureConsumer,
  ensureStream,
  JetStreamPublisher,
  JetStreamSubscriber,
  orderedMessages,
} from "../src/index.js";
import { connectTo, succeeded, until } from "./support.js";

// A server of its own: this file kills it.
let server: NatsServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.[Symbol.asyncDispose]();
});

describe("server killed and restarted mid-consume", () => {
  it("processes every acknowledged message at least once and resumes without user code", async () => {
    const nc = await connectTo(server);
    try {
      await ensureStream(nc, { name: "RESTART", subjects: ["restart.>"] });
      const publisher = new JetStreamPublisher(nc, jsonCodec<number>());
      const pipe = publisher.pipeline({ window: 128 });
      for (let i = 0; i < 1000; i++) await pipe.publish("restart.n", i, { msgId: `n-${i}` });
      expect(await pipe.flush()).toEqual({ acked: 1000, failed: [] });

      const processed = new Map<number, number>();
      const events: StatusEvent[] = [];
      // From the 250th message on, the handler is held until the server is down: it dies mid-consume, with a
      // handler running and a full buffer, whatever the machine's speed.
      const killed = gate();
      await using subscriber = new JetStreamSubscriber(nc, jsonCodec<number>());
      const subscription = await subscriber.subscribe(
        { stream: "RESTART", config: { durable: "worker", ackWait: 2000 } },
        async (message) => {
          processed.set(message.payload, (processed.get(message.payload) ?? 0) + 1);
          if (processed.size >= 250) await killed.promise;
        },
        { onStatus: (e) => events.push(e), idleHeartbeat: 1000, expires: 5000, bufferSize: 128 },
      );

      await until(() => processed.size >= 250, 10_000, "a quarter of the messages");
      await server.kill();
      const atKill = processed.size;
      expect(atKill).toBeLessThan(1100);
      killed.open();

      // 100 more are published through the outage, each retried with its msgId until stored.
      const acked = new Set<number>(Array.from({ length: 1000 }, (_, i) => i));
      let attempts = 0;
      const late = (async () => {
        for (let i = 1000; i < 1100; i++) {
          await until(
            () => {
              attempts++;
              return succeeded(publisher.publish("restart.n", i, { msgId: `n-${i}`, timeout: 500 }));
            },
            30_000,
            `message ${i} stored`,
            100,
          );
          acked.add(i);
        }
      })();
      late.catch(() => {}); // awaited below; handled now so a failure is not reported as unhandled first
      // The server stays down until the client has seen the outage and a publish has failed in it.
      await until(
        () => events.some((e) => e.type === "disconnected") && attempts > 1,
        10_000,
        "the outage to be seen",
      );
      await server.restart();

      await late;
      expect(acked.size).toBe(1100);
      await until(() => processed.size === 1100, 30_000, "all 1100 messages after the restart");
      expect([...processed.keys()].sort((a, b) => a - b)).toEqual([...acked].sort((a, b) => a - b));
      // At least once: what was held (bufferSize) or whose ack was in flight when the server died comes again;
      // never a replay of the whole stream.
      const duplicates = [...processed.values()].filter((n) => n > 1).length;
      expect(duplicates).toBeLessThan(600);
      expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["disconnected", "reconnected"]));
      // Messages whose ack died with the server come back after ack_wait and are acked then.
      const jsm = await jetstreamManager(nc);
      await until(
        async () => (await jsm.consumers.info("RESTART", "worker")).ack_floor.stream_seq === 1100,
        10_000,
        "every message acked (ack floor 1100)",
        100,
      );
      await subscription.drain();
      await publisher.close();
    } finally {
      await nc.close();
    }
  }, 60_000);

  it("recreates a memory-storage durable that the restart lost (consumer_not_found), with recreateOnDelete", async () => {
    const nc = await connectTo(server);
    try {
      await ensureStream(nc, { name: "VOLATILE", subjects: ["volatile.>"] });
      await ensureConsumer(nc, "VOLATILE", { durable: "mem", memoryStorage: true, deliverPolicy: "new" });
      const events: StatusEvent[] = [];
      const seen: number[] = [];
      await using subscriber = new JetStreamSubscriber(nc, jsonCodec<number>());
      await subscriber.subscribe({ stream: "VOLATILE", consumer: "mem" }, (m) => void seen.push(m.payload), {
        recreateOnDelete: true,
        idleHeartbeat: 500,
        expires: 2000,
        onStatus: (e) => events.push(e),
      });
      await using publisher = new JetStreamPublisher(nc, jsonCodec<number>());
      await publisher.publish("volatile.x", 1);
      await until(() => seen.length === 1, 5000, "the first message");
      await server.kill();
      await server.restart();
      await until(() => events.some((e) => e.type === "consumer_recreated"), 15_000, "consumer_recreated");
      expect(events).toContainEqual({ type: "consumer_not_found", stream: "VOLATILE", consumer: "mem" });
      await publisher.publish("volatile.x", 2);
      await until(() => seen.length === 2, 5000, "a message after the recreation");
      expect(seen).toEqual([1, 2]);
    } finally {
      await nc.close();
    }
  }, 30_000);

  it("reports the silence while the server is frozen, and resumes when it thaws", async () => {
    const nc = await connectTo(server);
    try {
      await ensureStream(nc, { name: "FROZEN", subjects: ["frozen.>"] });
      const events: StatusEvent[] = [];
      const seen: number[] = [];
      // A short API timeout so the consumer check during the freeze gives up quickly.
      await using subscriber = new JetStreamSubscriber(jetstream(nc, { timeout: 1000 }), jsonCodec<number>());
      await subscriber.subscribe(
        { stream: "FROZEN", config: { durable: "cold" } },
        (m) => void seen.push(m.payload),
        { idleHeartbeat: 500, expires: 2000, onStatus: (e) => events.push(e) },
      );
      const pid = server.pid as number;
      process.kill(pid, "SIGSTOP");
      try {
        // No message and no heartbeat for ~2 heartbeat intervals: the pull's own deadline, not a status message.
        await until(
          () => events.some((e) => e.type === "consumer_unresponsive"),
          5000,
          "consumer_unresponsive",
        );
        expect(events).toContainEqual(
          expect.objectContaining({
            type: "consumer_unresponsive",
            reason: "no_heartbeat",
            consumer: "cold",
          }),
        );
      } finally {
        process.kill(pid, "SIGCONT");
      }
      await using publisher = new JetStreamPublisher(nc, jsonCodec<number>());
      await publisher.publish("frozen.x", 1);
      await until(() => seen.length === 1, 10_000, "a message after the thaw");
      expect(events).toContainEqual(expect.objectContaining({ type: "consumer_resumed", consumer: "cold" }));
    } finally {
      await nc.close();
    }
  }, 30_000);

  it("an ordered replay resumes within seconds after a restart (small idle heartbeat)", async () => {
    const nc = await connectTo(server);
    try {
      await ensureStream(nc, { name: "REPLAY", subjects: ["replay.>"] });
      await using publisher = new JetStreamPublisher(nc, jsonCodec<number>());
      const pipe = publisher.pipeline();
      for (let i = 0; i < 300; i++) await pipe.publish("replay.x", i);
      await pipe.flush();
      const events: StatusEvent[] = [];
      await using replay = await orderedMessages(nc, jsonCodec<number>(), "REPLAY", {
        bufferSize: 16,
        onStatus: (e) => events.push(e),
      });
      const seen: number[] = [];
      let restartedAt = 0;
      for await (const message of replay) {
        seen.push(message.payload);
        if (seen.length === 50) {
          await server.kill();
          await server.restart();
          restartedAt = Date.now();
        }
        if (seen.length === 300) break;
      }
      expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i));
      // The client's defaults (15 s heartbeats) would stall here for about 45 s.
      expect(Date.now() - restartedAt).toBeLessThan(10_000);
    } finally {
      await nc.close();
    }
  }, 30_000);

  it("stop() does not hang while the server is down", async () => {
    const nc = await connectTo(server);
    try {
      await ensureStream(nc, { name: "DOWN", subjects: ["down.>"] });
      await using subscriber = new JetStreamSubscriber(nc, jsonCodec<number>());
      const subscription = await subscriber.subscribe({ stream: "DOWN", config: { durable: "d" } }, () => {});
      await server.kill();
      const started = Date.now();
      await subscription.stop();
      expect(Date.now() - started).toBeLessThan(5000);
      await server.restart();
    } finally {
      await nc.close();
    }
  }, 30_000);
});
