import { jetstream } from "@nats-io/jetstream";
import { type Msg, headers as natsHeaders } from "@nats-io/transport-node";
import { isChildOf, traceparentOf, useTracing } from "@natsflux/testing/tracing";
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type TextMapPropagator,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { beforeEach, describe, expect, it } from "vitest";
import {
  createConnection,
  type DeliveryInfo,
  eventStreamConsumer,
  eventStreamPublisher,
  type Logger,
  Publisher,
  requestResponseHandler,
  servicePublisher,
  serviceRequestConsumer,
  silentLogger,
  streamPublisher,
  transientEventStreamConsumer,
  withConsumerTraceMode,
  withPropagator,
  withSpanNameFn,
  withTracing,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

const ctx = useServer();
const tracing = useTracing();
beforeEach(() => ctx.reset());

const traced = () => [withTracing(tracing.provider), withPropagator(tracing.propagator)];
const encoder = new TextEncoder();

/** Captures what goes over the wire on `subject` with a plain Core subscription (as the Go TCK does). */
async function capture(subject: string): Promise<Msg[]> {
  const seen: Msg[] = [];
  ctx.raw.subscribe(subject, {
    callback: (_err, msg) => {
      seen.push(msg);
    },
  });
  // The subscription must be on the server before another connection publishes.
  await ctx.raw.flush();
  return seen;
}

describe("tracing of event streams", () => {
  it("makes the consumer span a child of the publish span, with Go's names, kinds and attributes", async () => {
    const publisher = new Publisher<{ orderId: string }>();
    let handled = 0;
    let activeInHandler: string | undefined;
    await ctx.service(
      "billing",
      ...traced(),
      eventStreamConsumer<{ orderId: string }>("Order.Created", async () => {
        activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
        // A span the handler starts nests under the consumer span.
        await tracing.tracer().startActiveSpan("charge card", async (span) => span.end());
        handled++;
      }),
    );
    await ctx.service("orders", ...traced(), eventStreamPublisher(publisher));
    const wire = await capture("events.Order.Created");
    await publisher.publish("Order.Created", { orderId: "o-1" });
    await waitFor(() => handled === 1 && tracing.spans().length === 3, 5000, "three spans");

    const producer = tracing.span("publish Order.Created");
    const consumer = tracing.span("billing#Order.Created");
    const work = tracing.span("charge card");
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(producer.instrumentationScope.name).toBe("natsflux");
    expect(isChildOf(consumer, producer.spanContext())).toBe(true);
    expect(isChildOf(work, consumer.spanContext())).toBe(true);
    expect(activeInHandler).toBe(consumer.spanContext().spanId);
    expect(producer.status.code).toBe(SpanStatusCode.OK);
    expect(consumer.status.code).toBe(SpanStatusCode.OK);

    const sent = wire[0] as Msg;
    const id = sent.headers?.get("ce-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // The W3C header under its exact lowercase key, pointing at the publish span.
    expect(sent.headers?.get("traceparent")).toBe(traceparentOf(producer.spanContext()));
    const size = encoder.encode(JSON.stringify({ orderId: "o-1" })).length;
    expect(producer.attributes).toEqual({
      "messaging.system": "nats",
      "messaging.operation": "publish",
      "messaging.operation.type": "send",
      "messaging.destination.name": "events",
      "messaging.nats.subject": "events.Order.Created",
      "messaging.client_id": "orders",
      "messaging.message.id": id,
      "messaging.message.body.size": size,
    });
    expect(consumer.attributes).toEqual({
      "messaging.system": "nats",
      "messaging.operation": "receive",
      "messaging.operation.type": "process",
      "messaging.destination.name": "events",
      "messaging.nats.subject": "Order.Created",
      "messaging.destination.subscription": "billing",
      "messaging.consumer.group.name": "billing",
      "messaging.client_id": "billing",
      "messaging.message.id": id,
      "messaging.message.body.size": size,
    });
  });

  it("links instead of parenting in link mode", async () => {
    const publisher = new Publisher<{ n: number }>();
    let handled = 0;
    await ctx.service(
      "audit-link",
      ...traced(),
      withConsumerTraceMode("link"),
      eventStreamConsumer("Order.Linked", () => {
        handled++;
      }),
    );
    await ctx.service("orders", ...traced(), eventStreamPublisher(publisher));
    await publisher.publish("Order.Linked", { n: 1 });
    await waitFor(() => handled === 1 && tracing.spans().length === 2, 5000, "two spans");
    const producer = tracing.span("publish Order.Linked");
    const consumer = tracing.span("audit-link#Order.Linked");
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(consumer.spanContext().traceId).not.toBe(producer.spanContext().traceId);
    expect(consumer.links).toHaveLength(1);
    expect(consumer.links[0]?.context.traceId).toBe(producer.spanContext().traceId);
    expect(consumer.links[0]?.context.spanId).toBe(producer.spanContext().spanId);
  });

  it("continues a trace from a raw Go-shaped publish into the handler and back out on its publish", async () => {
    const out = new Publisher<{ invoiceId: string }>();
    let handled = 0;
    await ctx.service(
      "billing-go",
      ...traced(),
      eventStreamPublisher(out),
      eventStreamConsumer<{ orderId: string }>("Order.FromGo", async (event) => {
        await out.publish("Invoice.Created", { invoiceId: `i-${event.payload.orderId}` });
        handled++;
      }),
    );
    const wire = await capture("events.Invoice.Created");
    // Exactly what a Go gomessaging publisher with a W3C propagator sends (wire contract 2.1, 2.6).
    const goTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const goSpanId = "00f067aa0ba902b7";
    const h = natsHeaders();
    for (const [key, value] of Object.entries({
      service: "orders-go",
      "ce-specversion": "1.0",
      "ce-type": "Order.FromGo",
      "ce-source": "orders-go",
      "ce-datacontenttype": "application/json",
      "ce-time": "2026-03-05T14:30:00Z",
      "ce-id": "6f1c2c8e-2b5e-4c51-9d0e-0a7b1c2d3e4f",
      traceparent: `00-${goTraceId}-${goSpanId}-01`,
      tracestate: "go=1",
    })) {
      h.set(key, value);
    }
    await jetstream(ctx.raw).publish("events.Order.FromGo", encoder.encode('{"orderId":"o-7"}'), {
      headers: h,
    });
    await waitFor(() => handled === 1 && tracing.spans().length === 2, 5000, "two spans");

    const consumer = tracing.span("billing-go#Order.FromGo");
    const publish = tracing.span("publish Invoice.Created");
    expect(consumer.spanContext().traceId).toBe(goTraceId);
    expect(consumer.parentSpanContext?.spanId).toBe(goSpanId);
    expect(consumer.parentSpanContext?.isRemote).toBe(true);
    expect(consumer.attributes["messaging.message.id"]).toBe("6f1c2c8e-2b5e-4c51-9d0e-0a7b1c2d3e4f");
    expect(isChildOf(publish, consumer.spanContext())).toBe(true);
    // Back out to Go: same trace, the natsflux publish span as parent, tracestate kept.
    const sent = wire[0] as Msg;
    expect(sent.headers?.get("traceparent")).toBe(`00-${goTraceId}-${publish.spanContext().spanId}-01`);
    expect(sent.headers?.get("tracestate")).toBe("go=1");
  });

  it("parents a publish on an explicit traceContext, and hands handlers theirs", async () => {
    const publisher = new Publisher<{ n: number }>();
    let handlerContextSpan: string | undefined;
    await ctx.service(
      "billing-explicit",
      ...traced(),
      eventStreamConsumer("Order.Explicit", (_event, { traceContext }) => {
        handlerContextSpan = trace.getSpanContext(traceContext ?? ROOT_CONTEXT)?.spanId;
      }),
    );
    await ctx.service("orders", ...traced(), eventStreamPublisher(publisher));
    const root = tracing.tracer().startSpan("request");
    await publisher.publish("Order.Explicit", { n: 1 }, { traceContext: trace.setSpan(ROOT_CONTEXT, root) });
    root.end();
    await waitFor(() => tracing.spans().length === 3, 5000, "three spans");
    const producer = tracing.span("publish Order.Explicit");
    expect(isChildOf(producer, root.spanContext())).toBe(true);
    expect(handlerContextSpan).toBe(tracing.span("billing-explicit#Order.Explicit").spanContext().spanId);
  });

  it("names spans with the custom functions, from setups and from createConnection options", async () => {
    const publisher = new Publisher<{ n: number }>();
    const names: DeliveryInfo[] = [];
    let handled = 0;
    await ctx.service(
      "billing",
      ...traced(),
      withSpanNameFn((info) => {
        names.push(info);
        return `consume ${info.source}/${info.key}`;
      }),
      transientEventStreamConsumer("Order.Named", () => {
        handled++;
      }),
    );
    await using conn = createConnection({
      serviceName: "orders",
      servers: ctx.server.url,
      logger: silentLogger,
      tracerProvider: tracing.provider,
      propagator: tracing.propagator,
      publishSpanNameFn: (stream, routingKey) => `send ${stream}:${routingKey}`,
    });
    await conn.start(eventStreamPublisher(publisher));
    await publisher.publish("Order.Named", { n: 1 });
    await waitFor(() => handled === 1 && tracing.spans().length === 2, 5000, "two spans");
    const consumer = tracing.span("consume events/Order.Named");
    expect(isChildOf(consumer, tracing.span("send events:Order.Named").spanContext())).toBe(true);
    // An ephemeral consumer: no subscription name, no consumer group (Go's span name would be "#Order.Named").
    expect(names[0]?.destination).toBe("");
    expect(consumer.attributes["messaging.destination.subscription"]).toBe("");
    expect(consumer.attributes["messaging.consumer.group.name"]).toBeUndefined();
  });

  it("records failures: a failing handler and a failed publish end their spans with Error", async () => {
    const publisher = new Publisher<{ n: number }>();
    let attempts = 0;
    await ctx.service(
      "billing-broken",
      ...traced(),
      eventStreamConsumer("Order.Broken", () => {
        attempts++;
        throw new Error("card declined");
      }),
    );
    const orders = await ctx.service("orders", ...traced(), streamPublisher("gone", publisher));
    const events = new Publisher<{ n: number }>();
    await ctx.service("orders-events", ...traced(), eventStreamPublisher(events));
    await events.publish("Order.Broken", { n: 1 });
    await waitFor(
      () => attempts >= 1 && tracing.spans().some((s) => s.name === "billing-broken#Order.Broken"),
    );
    const failed = tracing.spans().find((s) => s.name === "billing-broken#Order.Broken");
    expect(failed?.status).toEqual({ code: SpanStatusCode.ERROR, message: "card declined" });
    expect(failed?.events.map((e) => e.name)).toContain("exception");

    await ctx.jsm.streams.delete("gone");
    await expect(publisher.publish("Order.Lost", { n: 1 })).rejects.toThrow();
    const lost = tracing.span("publish Order.Lost");
    expect(lost.status.code).toBe(SpanStatusCode.ERROR);
    expect(lost.attributes["messaging.destination.name"]).toBe("gone");
    await orders.close();
  });

  it("keeps processing when tracing itself fails, and logs it once", async () => {
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (message: string) => warnings.push(message) };
    const broken: TextMapPropagator = {
      inject: () => {
        throw new Error("inject broke");
      },
      extract: () => {
        throw new Error("extract broke");
      },
      fields: () => [],
    };
    const publisher = new Publisher<{ n: number }>();
    const seen: number[] = [];
    await using conn = createConnection({ serviceName: "fragile", servers: ctx.server.url, logger });
    await conn.start(
      withTracing(tracing.provider),
      withPropagator(broken),
      withSpanNameFn(() => {
        throw new Error("name broke");
      }),
      eventStreamPublisher(publisher),
      eventStreamConsumer<{ n: number }>("Order.Fragile", (e) => {
        seen.push(e.payload.n);
      }),
    );
    await publisher.publish("Order.Fragile", { n: 1 });
    await publisher.publish("Order.Fragile", { n: 2 });
    await waitFor(() => seen.length === 2, 5000, "both messages");
    expect(seen).toEqual([1, 2]);
    expect(warnings.filter((w) => w.startsWith("tracing failed"))).toHaveLength(1);
  });
});

describe("tracing of request-reply", () => {
  it("makes the handler span a child of the request's publish span", async () => {
    const billing = new Publisher<{ amount: number }, { receipt: string }>();
    await ctx.service(
      "payments",
      ...traced(),
      requestResponseHandler<{ amount: number }, { receipt: string }>("Charge", async (event) => {
        await tracing.tracer().startActiveSpan("ledger", async (span) => span.end());
        return { receipt: `r-${event.payload.amount}` };
      }),
    );
    await ctx.service("shop", ...traced(), servicePublisher("payments", billing));
    expect(await billing.publish("Charge", { amount: 5 })).toEqual({ receipt: "r-5" });
    await waitFor(() => tracing.spans().length === 3, 5000, "three spans");

    const request = tracing.span("publish Charge");
    const handler = tracing.span("payments#Charge");
    expect(request.kind).toBe(SpanKind.PRODUCER);
    expect(handler.kind).toBe(SpanKind.CONSUMER);
    expect(isChildOf(handler, request.spanContext())).toBe(true);
    expect(isChildOf(tracing.span("ledger"), handler.spanContext())).toBe(true);
    expect(request.attributes).toMatchObject({
      "messaging.destination.name": "payments",
      "messaging.nats.subject": "payments.request.Charge",
      "messaging.client_id": "shop",
    });
    expect(handler.attributes).toMatchObject({
      "messaging.operation": "receive",
      "messaging.destination.name": "payments.request.Charge",
      "messaging.nats.subject": "Charge",
      "messaging.destination.subscription": "payments",
      "messaging.consumer.group.name": "payments",
      "messaging.client_id": "payments",
    });
  });

  it("marks both spans as errors when the handler fails", async () => {
    const billing = new Publisher<{ amount: number }>();
    await ctx.service(
      "refunds",
      ...traced(),
      serviceRequestConsumer("Refund", () => {
        throw new Error("no refunds");
      }),
    );
    await ctx.service("shop", ...traced(), servicePublisher("refunds", billing));
    await expect(billing.publish("Refund", { amount: 5 })).rejects.toThrow("no refunds");
    await waitFor(() => tracing.spans().length === 2, 5000, "two spans");
    expect(tracing.span("refunds#Refund").status.code).toBe(SpanStatusCode.ERROR);
    expect(tracing.span("publish Refund").status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("tracing defaults", () => {
  it("sends no trace headers when nothing is configured (global no-op provider and propagator)", async () => {
    const publisher = new Publisher<{ n: number }>();
    await ctx.service("orders", eventStreamPublisher(publisher));
    const wire = await capture("events.Order.Quiet");
    await publisher.publish("Order.Quiet", { n: 1 });
    await waitFor(() => wire.length === 1, 5000, "the message");
    expect(wire[0]?.headers?.has("traceparent")).toBe(false);
    expect(tracing.spans()).toEqual([]);
  });

  it("uses the global provider and propagator when the application registers them, like Go", async () => {
    const registered = trace.setGlobalTracerProvider(tracing.provider as TracerProvider);
    propagation.setGlobalPropagator(tracing.propagator);
    try {
      expect(registered).toBe(true);
      const publisher = new Publisher<{ n: number }>();
      let handled = 0;
      await ctx.service(
        "billing-global",
        eventStreamConsumer("Order.Global", () => {
          handled++;
        }),
      );
      await ctx.service("orders", eventStreamPublisher(publisher));
      await context.with(ROOT_CONTEXT, () => publisher.publish("Order.Global", { n: 1 }));
      await waitFor(() => handled === 1 && tracing.spans().length === 2, 5000, "two spans");
      expect(
        isChildOf(
          tracing.span("billing-global#Order.Global"),
          tracing.span("publish Order.Global").spanContext(),
        ),
      ).toBe(true);
    } finally {
      trace.disable();
      propagation.disable();
    }
  });
});
