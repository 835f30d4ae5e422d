import type { OperationLabel, OperationLabels } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { gomessagingOperationLabels } from "../src/index.js";

const labels = (options: Partial<Parameters<typeof gomessagingOperationLabels>[0]> = {}) =>
  gomessagingOperationLabels({ serviceName: "shop", ...options }) as Required<OperationLabels>;

const publish = { system: "jetstream" as const, subject: "events.Order.Created", headers: {}, bodySize: 2 };
const request = { system: "nats" as const, subject: "payments.request.Charge", headers: {}, bodySize: 2 };
const event = { system: "jetstream" as const, subject: "events.Order.Created", headers: {}, bodySize: 2 };
const serviceRequest = { system: "nats" as const, subject: "shop.request.Charge", headers: {}, bodySize: 2 };

// The Go transport's span names and attributes (wire contract 6.2).
describe("gomessagingOperationLabels", () => {
  it("publishes and requests: `publish {key}` on the stream or target service, the service as client id", () => {
    expect(labels().publish(publish)).toEqual({
      name: "publish Order.Created",
      attributes: { "messaging.destination.name": "events", "messaging.client_id": "shop" },
    });
    expect(labels().request(request)).toEqual({
      name: "publish Charge",
      attributes: { "messaging.destination.name": "payments", "messaging.client_id": "shop" },
    });
  });

  it("received events and service requests: `{destination}#{key}`, the key as messaging.nats.subject", () => {
    expect(labels({ consumer: "billing" }).process({ ...event, destination: "events" })).toEqual({
      name: "billing#Order.Created",
      attributes: {
        "messaging.nats.subject": "Order.Created",
        "messaging.destination.subscription": "billing",
        "messaging.client_id": "shop",
      },
    });
    expect(labels({ consumer: "" }).process(event)?.name).toBe("#Order.Created");
    // Service requests are named after the service, whatever the consumer.
    const served = labels({ consumer: "billing" }).process(serviceRequest) as OperationLabel;
    expect(served.name).toBe("shop#Charge");
    expect(served.attributes).toMatchObject({ "messaging.destination.subscription": "shop" });
    // The consumer defaults to the service name.
    expect(labels().process(event)?.name).toBe("shop#Order.Created");
  });

  it("custom span names (Go's WithSpanNameFn, WithPublishSpanNameFn) get what Go passes them", () => {
    const custom = labels({
      consumer: "billing",
      spanName: (delivery) => `in ${delivery.source}/${delivery.destination}/${delivery.key}`,
      publishSpanName: (target, routingKey) => `out ${target}/${routingKey}`,
    });
    expect(custom.publish(publish)?.name).toBe("out events/Order.Created");
    expect(custom.request(request)?.name).toBe("out payments/Charge");
    expect(custom.process(event)?.name).toBe("in events/billing/Order.Created");
  });

  it("a throwing span name function is reported and the default name used", () => {
    const errors: unknown[] = [];
    const failing = labels({
      spanName: () => {
        throw new Error("consume name");
      },
      publishSpanName: () => {
        throw new Error("publish name");
      },
      onError: (error) => errors.push(error),
    });
    expect(failing.publish(publish)?.name).toBe("publish Order.Created");
    expect(failing.process(event)?.name).toBe("shop#Order.Created");
    expect(errors.map((e) => (e as Error).message)).toEqual(["publish name", "consume name"]);
  });

  it("labels nothing while `enabled` says no, asking once per operation", () => {
    let asked = 0;
    let on = false;
    const gated = labels({
      enabled: () => {
        asked++;
        return on;
      },
    });
    expect(gated.publish(publish)).toBeUndefined();
    expect(gated.request(request)).toBeUndefined();
    expect(gated.process(event)).toBeUndefined();
    expect(asked).toBe(3);
    on = true;
    expect(gated.process(event)?.name).toBe("shop#Order.Created");
  });
});
