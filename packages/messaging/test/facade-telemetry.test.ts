import { useTracing } from "@natsflux/testing/tracing";
import { SpanKind } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import type { FacadeConfig } from "../src/config.js";
import { noopMetrics, silentLogger } from "../src/index.js";
import { facadeTelemetry } from "../src/runtime/facade-telemetry.js";
import { tracingSettings } from "../src/tracing-options.js";

const tracing = useTracing();

function config(): FacadeConfig {
  return {
    serviceName: "shop",
    logger: silentLogger,
    tracing: tracingSettings({ tracerProvider: tracing.provider, propagator: tracing.propagator }),
    requestTimeout: 1000,
    streamDefaults: {},
    streams: new Map(),
    consumerDefaults: {},
    onNotification: undefined,
    onError: undefined,
    metrics: noopMetrics,
    drainTimeout: 1000,
  };
}

// The Go transport's spans from operations as the transports describe them (wire contract 6.2).
describe("facadeTelemetry", () => {
  it("a stream publish: PRODUCER `publish {key}` on the stream, with the service as client id", async () => {
    await facadeTelemetry(config(), noopMetrics).publish(
      { system: "jetstream", subject: "events.Order.Created", headers: { "ce-id": "1" }, bodySize: 2 },
      async () => {},
    );
    const span = tracing.span("publish Order.Created");
    expect(span.kind).toBe(SpanKind.PRODUCER);
    expect(span.attributes).toMatchObject({
      "messaging.destination.name": "events",
      "messaging.nats.subject": "events.Order.Created",
      "messaging.client_id": "shop",
      "messaging.message.id": "1",
    });
  });

  it("a service request: PRODUCER `publish {key}` on the target service", async () => {
    await facadeTelemetry(config(), noopMetrics).request(
      { system: "nats", subject: "payments.request.Charge", headers: {}, bodySize: 2 },
      async () => {},
    );
    const span = tracing.span("publish Charge");
    expect(span.kind).toBe(SpanKind.PRODUCER);
    expect(span.attributes).toMatchObject({
      "messaging.destination.name": "payments",
      "messaging.client_id": "shop",
    });
  });

  it("an event (durable or ephemeral) and a service request: CONSUMER `{destination}#{key}`", async () => {
    const event = { system: "jetstream" as const, subject: "events.Order.Created", headers: {}, bodySize: 2 };
    await facadeTelemetry(config(), noopMetrics, "billing").process(
      { ...event, destination: "events", consumerGroup: "billing" },
      async () => {},
    );
    await facadeTelemetry(config(), noopMetrics, "").process(event, async () => {});
    await facadeTelemetry(config(), noopMetrics).process(
      { system: "nats", subject: "shop.request.Charge", headers: {}, bodySize: 2, consumerGroup: "shop" },
      async () => {},
    );
    expect(tracing.span("billing#Order.Created").attributes).toMatchObject({
      "messaging.destination.name": "events",
      "messaging.nats.subject": "Order.Created",
      "messaging.destination.subscription": "billing",
      "messaging.client_id": "shop",
    });
    expect(tracing.span("#Order.Created").attributes["messaging.destination.subscription"]).toBe("");
    expect(tracing.span("shop#Charge").attributes).toMatchObject({
      "messaging.destination.name": "shop.request.Charge",
      "messaging.nats.subject": "Charge",
      "messaging.destination.subscription": "shop",
    });
  });
});
