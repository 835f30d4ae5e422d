import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { TransportError } from "@natsflux/core";
import { startServer, uniqueName } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import { NatsSubscriber } from "../src/index.js";
import { statusLog, until } from "./support.js";

// Beyond this many subscriptions on one connection the server answers -ERR 'maximum subscriptions exceeded'
// and keeps the connection: a server error that is not a permission violation.
const maxSubscriptions = 4;

describe("connection status through the NATS adapter", () => {
  it("reports a server error, the disconnect and the reconnect to a subscription's listener", async () => {
    await using server = await startServer({
      jetstream: false,
      config: `max_subscriptions: ${maxSubscriptions}`,
    });
    const nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
    try {
      const log = statusLog();
      const subscriber = new NatsSubscriber<number>(nc, jsonCodec());
      const subscription = await subscriber.subscribe(uniqueName("status"), () => {}, {
        onStatus: log.listener,
      });

      for (let i = 0; i < maxSubscriptions; i++) nc.subscribe(uniqueName("filler"));
      await until(() => log.events.some((e) => e.type === "error"), "the server error");
      const reported = log.events.find((e) => e.type === "error");
      expect(reported?.type === "error" && reported.error).toBeInstanceOf(TransportError);
      expect(reported?.type === "error" && String(reported.error)).toMatch(/maximum subscriptions exceeded/i);

      await server.restart();
      await until(() => log.events.some((e) => e.type === "reconnected"), "reconnected", 15_000);
      expect(log.events.map((e) => e.type)).toContain("disconnected");
      await subscriber.close();
      await subscription.closed;
    } finally {
      await nc.close();
    }
  });
});
