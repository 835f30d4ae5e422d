import { NonRetryableError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { gomessagingRetryPolicy, natsConsumerSettings, RoutingTable, SubjectRoutes } from "../src/index.js";

describe("natsConsumerSettings (the consumer Go creates)", () => {
  it("one routing key: explicit ack, a single filter_subject with # translated, no limits unless declared", () => {
    expect(natsConsumerSettings({ registrations: [{ stream: "events", routingKey: "Order.#" }] })).toEqual({
      filterSubject: "events.Order.>",
      ackPolicy: "explicit",
    });
  });

  it("several keys on a durable: a filter per key, MaxDeliver and BackOff as declared", () => {
    expect(
      natsConsumerSettings({
        durable: "billing",
        registrations: [
          { stream: "events", routingKey: "Order.Created" },
          { stream: "events", routingKey: "*.Deleted" },
        ],
        maxDeliver: 5,
        backOff: [100, 200],
      }),
    ).toEqual({
      durable: "billing",
      filterSubject: ["events.Order.Created", "events.*.Deleted"],
      ackPolicy: "explicit",
      maxDeliver: 5,
      backoff: [100, 200],
    });
  });
});

describe("gomessagingRetryPolicy", () => {
  const failure = new Error("boom");

  it("acks success and terms NonRetryableError", () => {
    const policy = gomessagingRetryPolicy();
    expect(policy(undefined, 1)).toEqual({ action: "ack" });
    expect(policy(new NonRetryableError("bad order"), 1).action).toBe("term");
  });

  it("naks after the BackOff delay of the delivery, the last repeating", () => {
    const policy = gomessagingRetryPolicy({ backOff: [100, 200] });
    expect([1, 2, 3].map((n) => policy(failure, n))).toEqual([
      { action: "nak", delayMs: 100 },
      { action: "nak", delayMs: 200 },
      { action: "nak", delayMs: 200 },
    ]);
  });

  it("without a BackOff naks on core's default schedule; immediately only when asked", () => {
    expect(gomessagingRetryPolicy()(failure, 1)).toEqual({ action: "nak", delayMs: 1000 });
    expect(gomessagingRetryPolicy({ backOff: [100], immediateRedelivery: true })(failure, 1)).toEqual({
      action: "nak",
    });
  });
});

describe("SubjectRoutes", () => {
  it("finds the registration and routing key of a received subject", () => {
    const routes = new SubjectRoutes(
      new RoutingTable<string>().add("Order.*", "orders").add("Audit.#", "audit"),
    );
    expect(routes.find("events.Order.Created")).toBe("orders");
    expect(routes.keyOf("events.Order.Created")).toBe("Order.Created");
    expect(routes.find("events.Audit.a.b")).toBe("audit");
    expect(routes.keyOf("events.Payment.Done")).toBe("Payment.Done");
    expect(routes.find("events.Payment.Done")).toBeUndefined();
    // Back to a subject seen before the last one: looked up again, not taken from the cache.
    expect(routes.find("events.Order.Created")).toBe("orders");
  });
});
