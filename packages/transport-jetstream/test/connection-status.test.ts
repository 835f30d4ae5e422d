import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { type StatusEvent, TransportError } from "@natsflux/core";
import { startServer, uniqueName } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import { ensureConsumer, JetStreamSubscriber } from "../src/index.js";
import { freshStream, until } from "./support.js";

// Beyond this many subscriptions on one connection the server answers -ERR 'maximum subscriptions exceeded'
// and keeps the connection: a server error that is not a permission violation. Enough for the JetStream
// API inbox and the pull subscription.
const maxSubscriptions = 6;

describe("connection status through the NATS adapter", () => {
  it("reports a server error, the disconnect and the reconnect to a JetStream subscription's listener", async () => {
    await using server = await startServer({ config: `max_subscriptions: ${maxSubscriptions}` });
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
    try {
      const stream = await freshStream(nc, "status");
      await ensureConsumer(nc, stream, { durable: "worker", filterSubject: `${stream}.>` });
      const events: StatusEvent[] = [];
      const subscriber = new JetStreamSubscriber<number>(nc, jsonCodec());
      await subscriber.subscribe({ stream, consumer: "worker" }, () => {}, {
        onStatus: (event) => events.push(event),
      });

      for (let i = 0; i < maxSubscriptions; i++) nc.subscribe(uniqueName("filler"));
      await until(() => events.some((e) => e.type === "error"), 5000, "the server error");
      const reported = events.find((e) => e.type === "error");
      expect(reported?.type === "error" && reported.error).toBeInstanceOf(TransportError);
      expect(reported?.type === "error" && String(reported.error)).toMatch(/maximum subscriptions exceeded/i);

      await server.restart();
      await until(() => events.some((e) => e.type === "reconnected"), 15_000, "reconnected");
      expect(events.map((e) => e.type)).toContain("disconnected");
      await subscriber.close();
    } finally {
      await nc.close();
    }
  });
});
