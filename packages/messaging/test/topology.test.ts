import { loadFixture } from "@natsflux/gomessaging/fixtures";
import { describe, expect, it } from "vitest";
import {
  addConsumerNameSuffix,
  collectTopology,
  createConnection,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  SetupError,
  withMaxDeliver,
  withStreamDefaults,
} from "../src/index.js";
import { setupForIntent } from "./support/intents.js";

const { scenarios } = loadFixture("topology");
const noop = async () => {};

describe("topology.json: endpoints each setup declares (NATS)", () => {
  for (const scenario of scenarios) {
    const amqpOnly = scenario.setups.some((s) => s.pattern === "queue-publish");
    // gomessaging-nats has no queue publisher (the TCK marks the pattern amqp-only), and neither do we.
    it.skipIf(amqpOnly)(scenario.name, () => {
      const setups = scenario.setups.map((intent) => setupForIntent(intent, noop, new Map()));
      const topology = collectTopology(scenario.serviceName, ...setups);
      expect(topology.transport).toBe("nats");
      expect(topology.serviceName).toBe(scenario.serviceName);
      expect(topology.endpoints).toEqual(scenario.expectedEndpoints.nats);
    });
  }
});

describe("collectTopology and topology()", () => {
  it("declares without connecting and applies options wherever they appear", () => {
    const pub = new Publisher();
    const topology = collectTopology(
      "orders",
      eventStreamPublisher(pub),
      eventStreamConsumer("Order.Created", noop, addConsumerNameSuffix("audit"), withMaxDeliver(3)),
      withStreamDefaults({ maxAge: 60_000 }),
    );
    expect(topology.endpoints).toEqual([
      { direction: "publish", pattern: "event-stream", exchangeName: "events", exchangeKind: "topic" },
      {
        direction: "consume",
        pattern: "event-stream",
        exchangeName: "events",
        exchangeKind: "topic",
        queueName: "orders-audit",
        routingKey: "Order.Created",
      },
    ]);
  });

  it("reports the failing setup by name", () => {
    expect(() =>
      collectTopology("orders", eventStreamConsumer("Order.Created", noop, addConsumerNameSuffix(""))),
    ).toThrow(SetupError);
    expect(() =>
      collectTopology("orders", eventStreamConsumer("Order.Created", noop, addConsumerNameSuffix(""))),
    ).toThrow(
      'eventStreamConsumer("Order.Created"): consumerSuffix: "" is not valid: empty consumer suffix not allowed',
    );
  });

  it("rejects overlapping and duplicate keys on one durable before connecting", () => {
    expect(() =>
      collectTopology(
        "orders",
        eventStreamConsumer("Order.*", noop),
        eventStreamConsumer("Order.Created", noop),
      ),
    ).toThrow(/"Order.\*" and "Order.Created" overlap on durable "orders" on stream "events"/);
    expect(() =>
      collectTopology(
        "orders",
        eventStreamConsumer("Order.Created", noop),
        eventStreamConsumer("Order.Created", noop),
      ),
    ).toThrow(/registered twice/);
  });

  it("rejects invalid names with the field named", () => {
    expect(() => collectTopology("orders", eventStreamConsumer("", noop))).toThrow(
      /routing key must not be empty/,
    );
    expect(() => collectTopology("orders", eventStreamConsumer("Order.>", noop))).toThrow(
      /must not contain '>'/,
    );
    expect(() => collectTopology("my.service", eventStreamConsumer("Order.Created", noop))).toThrow(
      /durable name/,
    );
    expect(() => collectTopology("", eventStreamPublisher(new Publisher()))).toThrow(
      /service name must not be empty/,
    );
  });

  it("connection.topology() is empty before start and needs no server", () => {
    const conn = createConnection({ serviceName: "orders", servers: "nats://127.0.0.1:1" });
    expect(conn.topology()).toEqual({ transport: "nats", serviceName: "orders", endpoints: [] });
  });
});
