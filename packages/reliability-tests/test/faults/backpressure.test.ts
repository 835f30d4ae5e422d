import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { eventStreamConsumer, eventStreamPublisher, Publisher } from "@natsflux/messaging";
import { gate, type NatsServer, nextTurn, startServer, until } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade, report, Tally, waitFor } from "../support/helpers.js";

let server: NatsServer;
let raw: NatsConnection;

beforeAll(async () => {
  server = await startServer();
  raw = await connect({ servers: server.url });
});

afterAll(async () => {
  await raw?.close();
  await server?.[Symbol.asyncDispose]();
});

// The facade subscribes with the transport's default bound: at most 512 messages held in the process
// (received and not yet finished, plus those already asked for).
const HELD_BOUND = 512;

describe("slow handler, fast producer", () => {
  it("holds a bounded number of messages in the process (the server keeps the backlog) and loses none", async () => {
    const TOTAL = 2000;
    const payload = "x".repeat(2048);
    const tally = new Tally();
    const conn = facade({ serviceName: "slow-svc", servers: server.url, logger: captureLogger() });
    const pub = new Publisher<{ n: number; pad: string }>();
    let running = 0;
    let maxRunning = 0;
    // The handler is held until the producer is done: slower than the producer whatever the machine's speed.
    const produced = gate();
    await conn.start(
      eventStreamPublisher(pub),
      eventStreamConsumer<{ n: number; pad: string }>("Slow.Work", async (event) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await produced.promise;
        tally.add(event.payload.n);
        running--;
      }),
    );
    const jsm = await jetstreamManager(raw);
    const heapBefore = process.memoryUsage().heapUsed;

    // Fast producer: 2000 x 2 KiB with 200 publishes in flight at a time.
    const producing = (async () => {
      for (let n = 0; n < TOTAL; n += 200) {
        await Promise.all(
          Array.from({ length: Math.min(200, TOTAL - n) }, (_, i) =>
            pub.publish("Slow.Work", { n: n + i, pad: payload }),
          ),
        );
      }
    })();

    let maxAckPending = 0;
    let maxHeld = 0;
    let maxServerBacklog = 0;
    let maxHeapGrowth = 0;
    const sampling = until(
      "every message handled, sampling the consumer",
      async () => {
        const info = await jsm.consumers.info("events", "slow-svc");
        maxAckPending = Math.max(maxAckPending, info.num_ack_pending);
        // Delivered by the server and not yet handled: held in the process or on its way to it. (The tally is
        // read after the server answered, so this never overestimates; num_ack_pending also counts acks that
        // are still on their way back.)
        maxHeld = Math.max(maxHeld, info.delivered.consumer_seq - tally.total);
        maxServerBacklog = Math.max(maxServerBacklog, info.num_pending);
        maxHeapGrowth = Math.max(maxHeapGrowth, process.memoryUsage().heapUsed - heapBefore);
        return tally.distinct >= TOTAL;
      },
      { timeoutMs: 45_000, intervalMs: 25 },
    );
    sampling.catch(() => {}); // awaited below; handled now so a failure is not reported as unhandled first

    await producing;
    produced.open();
    const producedAt = Date.now();
    await waitFor(() => tally.distinct === TOTAL, 40_000, "every message to be handled");
    await sampling;
    await conn.close();

    const all = Array.from({ length: TOTAL }, (_, i) => i);
    report("slow handler, fast producer", {
      sent: TOTAL,
      processed: tally.distinct,
      lost: tally.missing(all).length,
      duplicates: tally.duplicates,
      maxHeld,
      maxAckPending,
      maxServerBacklog,
      maxConcurrentHandlers: maxRunning,
      maxHeapGrowthMiB: Math.round(maxHeapGrowth / 2 ** 20),
      drainMsAfterProducer: Date.now() - producedAt,
    });
    expect(tally.missing(all)).toEqual([]);
    // The producer finished long before the handler: the backlog stayed on the server...
    expect(maxServerBacklog).toBeGreaterThan(HELD_BOUND);
    // ...while the process never held more than its bound, and handlers ran one at a time.
    expect(maxHeld).toBeLessThanOrEqual(HELD_BOUND);
    expect(maxRunning).toBe(1);
    const after = await jsm.consumers.info("events", "slow-svc");
    expect(after.num_ack_pending).toBe(0);
    expect(after.num_pending).toBe(0);
  }, 60_000);

  it("a raw burst published faster than the handler is drained completely after the burst", async () => {
    // Same bound with messages that arrive through another client (no facade publisher in the loop).
    const TOTAL = 1500;
    const tally = new Tally();
    const conn = facade({ serviceName: "burst-svc", servers: server.url, logger: captureLogger() });
    await conn.start(
      eventStreamConsumer<{ n: number }>("Burst.Work", async (event) => {
        await nextTurn();
        tally.add(event.payload.n);
      }),
    );
    const js = jetstream(raw);
    for (let n = 0; n < TOTAL; n += 250) {
      await Promise.all(
        Array.from({ length: Math.min(250, TOTAL - n) }, (_, i) =>
          js.publish("events.Burst.Work", JSON.stringify({ n: n + i })),
        ),
      );
    }
    await waitFor(() => tally.distinct === TOTAL, 30_000, "the burst to be handled");
    await conn.close();
    expect(tally.missing(Array.from({ length: TOTAL }, (_, i) => i))).toEqual([]);
  }, 40_000);
});
