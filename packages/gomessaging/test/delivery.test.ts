import { ConfigError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { deliveryOf, InvalidNameError, natsPublishSubject, publishTargetOf } from "../src/index.js";
import { natsServiceRequestTarget } from "../src/naming/nats-transport.js";

const headers = { "ce-id": "1" };

describe("deliveryOf (Go's DeliveryInfo of a received message)", () => {
  it("a JetStream event: the consumer, the stream the transport names, the key after it", () => {
    const received = { system: "jetstream" as const, subject: "events.Order.Created", headers };
    expect(deliveryOf({ ...received, destination: "events" }, "billing", "shop")).toEqual({
      destination: "billing",
      source: "events",
      key: "Order.Created",
      headers,
    });
    // Without a destination from the transport the stream is read off the subject; "" is ephemeral.
    expect(deliveryOf(received, "", "shop")).toMatchObject({ destination: "", source: "events" });
    expect(deliveryOf({ ...received, subject: "orphan" }, "", "shop")).toMatchObject({
      source: "",
      key: "orphan",
    });
  });

  it("a service request: the service, the full subject, the key after .request.", () => {
    expect(deliveryOf({ system: "nats", subject: "shop.request.Order.Get", headers }, "", "shop")).toEqual({
      destination: "shop",
      source: "shop.request.Order.Get",
      key: "Order.Get",
      headers,
    });
    expect(deliveryOf({ system: "nats", subject: "plain", headers }, "", "shop").key).toBe("plain");
  });
});

describe("publishTargetOf (stream or service, and routing key, of an outgoing subject)", () => {
  it("a stream publish: the stream before the first dot, even when the key has .request.", () => {
    expect(publishTargetOf({ system: "jetstream", subject: "events.Order.Created" })).toEqual({
      target: "events",
      routingKey: "Order.Created",
    });
    expect(publishTargetOf({ system: "jetstream", subject: "events.a.request.b" })).toEqual({
      target: "events",
      routingKey: "a.request.b",
    });
  });

  it("a service request: the target service and the key after .request.", () => {
    expect(publishTargetOf({ system: "nats", subject: "payments.request.Charge" })).toEqual({
      target: "payments",
      routingKey: "Charge",
    });
    // Any other Core subject reads like a stream's.
    expect(publishTargetOf({ system: "nats", subject: "updates.Price" })).toEqual({
      target: "updates",
      routingKey: "Price",
    });
  });

  it("natsServiceRequestTarget splits at the first .request.", () => {
    expect(natsServiceRequestTarget("a.request.b.request.c")).toEqual({
      service: "a",
      routingKey: "b.request.c",
    });
    expect(natsServiceRequestTarget("a.b")).toBeUndefined();
  });
});

describe("natsPublishSubject", () => {
  it("is {stream}.{routingKey} for a concrete key", () => {
    expect(natsPublishSubject("events", "Order.Created")).toBe("events.Order.Created");
  });

  it.each(["", "Order.*", "Order.#", "Order.>", "#"])("refuses %j: a published key names one type", (key) => {
    try {
      natsPublishSubject("events", key);
      expect.unreachable("no error thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidNameError);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as InvalidNameError).field).toBe("routingKey");
      expect((error as InvalidNameError).value).toBe(key);
    }
  });
});
