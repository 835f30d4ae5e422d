import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { eventStreamConsumer, withConcurrency } from "@natsflux/messaging";
import { gate, type NatsServer, nextTurn, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade, report, waitFor } from "../support/helpers.js";

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

describe("graceful shutdown under heavy traffic", () => {
  it("close() waits for in-flight handlers and flushes their acks: nothing processed comes back", async () => {
    const TOTAL = 3000;
    const started = new Set<number>();
    const finished = new Set<number>();
    let abortedSignals = 0;
    const closing = gate();
    const conn = facade({ serviceName: "shutdown-svc", servers: server.url, logger: captureLogger() });
    await conn.start(
      eventStreamConsumer<{ n: number }>(
        "Shutdown.Job",
        async (event, { signal }) => {
          started.add(event.payload.n);
          // From the 300th on, handlers are held until close() has begun: some are in flight when it starts.
          if (finished.size >= 300) await closing.promise;
          else for (let i = 0; i < 2 + (event.payload.n % 7); i++) await nextTurn();
          if (signal.aborted) abortedSignals++;
          finished.add(event.payload.n);
        },
        withConcurrency(8),
      ),
    );

    // Heavy traffic from another client while the service runs and while it closes.
    const js = jetstream(raw);
    let stopProducing = false;
    const producing = (async () => {
      for (let n = 0; n < TOTAL && !stopProducing; n += 100) {
        await Promise.all(
          Array.from({ length: Math.min(100, TOTAL - n) }, (_, i) =>
            js.publish("events.Shutdown.Job", JSON.stringify({ n: n + i })),
          ),
        );
      }
    })();

    try {
      await waitFor(() => finished.size >= 300, 20_000, "300 messages handled before close");
      const inFlightAtClose = started.size - finished.size;
      const closeStarted = Date.now();
      const closed = conn.close();
      closing.open();
      await closed;
      const closeMs = Date.now() - closeStarted;

      // Every handler that started has finished, and close() did not cut any of them short.
      expect([...started].filter((n) => !finished.has(n))).toEqual([]);
      expect(abortedSignals).toBe(0);
      stopProducing = true;
      await producing;
      const published = (await jetstreamManager(raw).then((m) => m.streams.info("events"))).state.messages;

      // After close, nothing the first instance processed is pending or unacknowledged on the server.
      const jsm = await jetstreamManager(raw);
      const info = await jsm.consumers.info("events", "shutdown-svc");
      expect(info.num_ack_pending).toBe(0);

      // A second instance of the service picks up exactly the rest: nothing processed is redelivered.
      const second = new Set<number>();
      let redelivered = 0;
      const next = facade({ serviceName: "shutdown-svc", servers: server.url, logger: captureLogger() });
      await next.start(
        eventStreamConsumer<{ n: number }>("Shutdown.Job", (event) => {
          if (finished.has(event.payload.n)) redelivered++;
          second.add(event.payload.n);
        }),
      );
      try {
        await waitFor(() => finished.size + second.size >= published, 20_000, "the rest to be handled");
      } finally {
        await next.close();
      }
      report("graceful close() under load", {
        sent: published,
        processedBeforeClose: finished.size,
        inFlightAtClose,
        closeMs,
        processedAfterRestart: second.size,
        redeliveredAfterClose: redelivered,
        lost: published - new Set([...finished, ...second]).size,
      });
      expect(redelivered).toBe(0);
      expect(new Set([...finished, ...second]).size).toBe(published);
    } finally {
      stopProducing = true;
      await producing;
      await conn.close();
    }
  }, 60_000);
});
