import { labelOperations, type ProcessOperation } from "@natsflux/core";
import { useTracing } from "@natsflux/testing/tracing";
import { type Context, trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { otelTelemetry } from "../src/index.js";

const tracing = useTracing();
const telemetry = () => otelTelemetry({ tracerProvider: tracing.provider, propagator: tracing.propagator });

describe("otelTelemetry with labelled operations", () => {
  it("names publish spans and adds attributes from the operation's label, over its defaults", async () => {
    const headers: Record<string, string> = { "ce-id": "id-1" };
    const labelled = labelOperations(telemetry(), {
      publish: (op) => ({
        name: `publish ${op.subject.slice(op.subject.indexOf(".") + 1)}`,
        attributes: { "messaging.client_id": "orders", "messaging.nats.subject": "overridden" },
      }),
    });
    await labelled.publish(
      { system: "jetstream", subject: "events.Order.Created", headers, bodySize: 2, destination: "events" },
      async () => {},
    );
    const span = tracing.span("publish Order.Created");
    expect(span.attributes).toMatchObject({
      "messaging.client_id": "orders",
      "messaging.nats.subject": "overridden",
      "messaging.destination.name": "events",
      "messaging.message.id": "id-1",
    });
    expect(headers.traceparent).toMatch(/^00-/);
  });

  it("names consumer spans from the label and hands run the span's context", async () => {
    const operation: ProcessOperation = {
      system: "jetstream",
      subject: "events.Order.Created",
      headers: {},
      bodySize: 2,
      name: "billing#Order.Created",
      attributes: { "messaging.destination.subscription": "billing" },
    };
    let given: Context | undefined;
    await telemetry().process(operation, async (traceContext) => {
      given = traceContext as Context;
    });
    const span = tracing.span("billing#Order.Created");
    expect(span.attributes["messaging.destination.subscription"]).toBe("billing");
    expect(trace.getSpanContext(given as Context)?.spanId).toBe(span.spanContext().spanId);
  });
});
