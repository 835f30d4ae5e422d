import { connect, type NatsConnection } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import type { Message, Telemetry } from "@natsflux/core";
import { type NatsServer, startServer, uniqueName } from "@natsflux/testing";
import { waitFor } from "@natsflux/testing/conformance";
import { activeSpanContext, isChildOf, useTracing } from "@natsflux/testing/tracing";
import { ensureStream, JetStreamPublisher, JetStreamSubscriber } from "@natsflux/transport-jetstream";
import { NatsPublisher, NatsRequester, NatsResponder, NatsSubscriber } from "@natsflux/transport-nats";
import { propagation, SpanKind, SpanStatusCode, type TextMapPropagator, trace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NATSFLUX_TRACER_NAME, otelTelemetry } from "../src/index.js";

const tracing = useTracing();
let server: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startServer();
  nc = await connect({ servers: server.url });
});

afterAll(async () => {
  await nc?.close();
  await server?.[Symbol.asyncDispose]();
});

const codec = jsonCodec<{ n: number }>();

function telemetry(extra: Parameters<typeof otelTelemetry>[0] = {}): Telemetry {
  return otelTelemetry({ tracerProvider: tracing.provider, propagator: tracing.propagator, ...extra });
}

describe("otelTelemetry on Core NATS", () => {
  it("makes the consumer span a child of the producer span across the server, handler spans nest", async () => {
    const subject = uniqueName("otel.core");
    const t = telemetry();
    await using subscriber = new NatsSubscriber(nc, codec, { telemetry: t });
    const received: Message<{ n: number }>[] = [];
    let activeInHandler: string | undefined;
    await subscriber.subscribe(
      subject,
      async (message) => {
        activeInHandler = activeSpanContext()?.spanId;
        await tracing.tracer().startActiveSpan("user work", async (span) => span.end());
        received.push(message);
      },
      { queue: "workers" },
    );
    await using publisher = new NatsPublisher(nc, codec, { telemetry: t });
    await publisher.publish(subject, { n: 1 }, { headers: { "x-custom": "kept" } });
    await waitFor(() => received.length === 1 && tracing.spans().length === 3, 5000, "three spans");

    const producer = tracing.span(`publish ${subject}`);
    const consumer = tracing.span(`receive ${subject}`);
    const user = tracing.span("user work");
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(producer.instrumentationScope.name).toBe(NATSFLUX_TRACER_NAME);
    expect(isChildOf(consumer, producer.spanContext())).toBe(true);
    expect(isChildOf(user, consumer.spanContext())).toBe(true);
    expect(activeInHandler).toBe(consumer.spanContext().spanId);

    // W3C trace context travels under exact lowercase keys, next to the caller's own headers.
    const headers = (received[0] as Message<{ n: number }>).headers;
    expect(headers.traceparent).toMatch(new RegExp(`^00-${producer.spanContext().traceId}-`));
    expect(headers["x-custom"]).toBe("kept");

    expect(producer.attributes).toEqual({
      "messaging.system": "nats",
      "messaging.operation": "publish",
      "messaging.operation.type": "send",
      "messaging.destination.name": subject,
      "messaging.nats.subject": subject,
      "messaging.message.body.size": 7,
    });
    expect(consumer.attributes).toEqual({
      "messaging.system": "nats",
      "messaging.operation": "receive",
      "messaging.operation.type": "process",
      "messaging.destination.name": subject,
      "messaging.nats.subject": subject,
      "messaging.message.body.size": 7,
      "messaging.consumer.group.name": "workers",
    });
    expect(producer.status.code).toBe(SpanStatusCode.OK);
    expect(consumer.status.code).toBe(SpanStatusCode.OK);
  });

  it("traces a request (CLIENT) and its handling (CONSUMER) as parent and child", async () => {
    const subject = uniqueName("otel.rr");
    const t = telemetry();
    await using responder = new NatsResponder(nc, codec, codec, { telemetry: t });
    await responder.serve(subject, ({ payload }) => ({ n: payload.n + 1 }));
    await using requester = new NatsRequester(nc, codec, codec, { telemetry: t });
    expect(await requester.request(subject, { n: 41 })).toEqual({ n: 42 });
    await waitFor(() => tracing.spans().length === 2, 5000, "two spans");

    const client = tracing.span(`request ${subject}`);
    const server = tracing.span(`receive ${subject}`);
    expect(client.kind).toBe(SpanKind.CLIENT);
    expect(server.kind).toBe(SpanKind.CONSUMER);
    expect(isChildOf(server, client.spanContext())).toBe(true);
    expect(client.attributes["messaging.nats.subject"]).toBe(subject);
  });

  it("records a failing handler as an Error span and leaves the outcome to the transport", async () => {
    const subject = uniqueName("otel.fail");
    const t = telemetry();
    await using responder = new NatsResponder(nc, codec, codec, { telemetry: t });
    await responder.serve(subject, () => {
      throw new Error("handler broke");
    });
    await using requester = new NatsRequester(nc, codec, codec, { telemetry: t });
    await expect(requester.request(subject, { n: 1 })).rejects.toThrow("handler broke");
    await waitFor(() => tracing.spans().length === 2, 5000, "two spans");
    const client = tracing.span(`request ${subject}`);
    expect(client.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: expect.stringContaining("handler broke"),
    });
    expect(client.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("links instead of parenting in link mode: a new trace with a link to the producer", async () => {
    const subject = uniqueName("otel.link");
    await using subscriber = new NatsSubscriber(nc, codec, {
      telemetry: telemetry({ consumerTraceMode: "link" }),
    });
    let handled = 0;
    await subscriber.subscribe(subject, () => {
      handled++;
    });
    await using publisher = new NatsPublisher(nc, codec, { telemetry: telemetry() });
    await publisher.publish(subject, { n: 1 });
    await waitFor(() => handled === 1 && tracing.spans().length === 2, 5000, "two spans");
    const producer = tracing.span(`publish ${subject}`);
    const consumer = tracing.span(`receive ${subject}`);
    expect(consumer.spanContext().traceId).not.toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(consumer.links.map((l) => l.context.spanId)).toEqual([producer.spanContext().spanId]);
    expect(consumer.links[0]?.context.traceId).toBe(producer.spanContext().traceId);
  });

  it("never fails the operation when tracing itself throws", async () => {
    const subject = uniqueName("otel.broken");
    const errors: unknown[] = [];
    const broken: TextMapPropagator = {
      inject: () => {
        throw new Error("inject broke");
      },
      extract: () => {
        throw new Error("extract broke");
      },
      fields: () => [],
    };
    const t = otelTelemetry({
      tracerProvider: tracing.provider,
      propagator: broken,
      publishSpanName: () => {
        throw new Error("name broke");
      },
      onError: (error) => errors.push(error),
    });
    await using subscriber = new NatsSubscriber(nc, codec, { telemetry: t });
    const seen: number[] = [];
    await subscriber.subscribe(subject, ({ payload }) => {
      seen.push(payload.n);
    });
    await using publisher = new NatsPublisher(nc, codec, { telemetry: t });
    await publisher.publish(subject, { n: 7 });
    await waitFor(() => seen.length === 1, 5000, "the message");
    expect(seen).toEqual([7]);
    expect(errors.map((e) => (e as Error).message)).toEqual(["name broke", "inject broke", "extract broke"]);
    // The publish span still exists under its default name; processing ran untraced.
    expect(tracing.spans().map((s) => s.name)).toEqual([`publish ${subject}`]);
  });

  it("sends no trace headers and records nothing without a provider or propagator (global no-ops)", async () => {
    const subject = uniqueName("otel.off");
    await using subscriber = new NatsSubscriber(nc, codec);
    const received: Message<{ n: number }>[] = [];
    await subscriber.subscribe(subject, (m) => {
      received.push(m);
    });
    await using publisher = new NatsPublisher(nc, codec, { telemetry: otelTelemetry() });
    await publisher.publish(subject, { n: 1 });
    await waitFor(() => received.length === 1, 5000, "the message");
    expect(Object.keys(received[0]?.headers ?? {})).toEqual([]);
    expect(tracing.spans()).toEqual([]);
  });
});

describe("otelTelemetry with the global provider", () => {
  it("skips tracing while no SDK is registered and follows one registered later", async () => {
    const subject = uniqueName("otel.global");
    const t = otelTelemetry(); // created before any SDK is registered
    await using subscriber = new NatsSubscriber(nc, codec, { telemetry: t });
    const received: Message<{ n: number }>[] = [];
    await subscriber.subscribe(subject, (m) => {
      received.push(m);
    });
    await using publisher = new NatsPublisher(nc, codec, { telemetry: t });
    await publisher.publish(subject, { n: 1 });
    await waitFor(() => received.length === 1, 5000, "the first message");
    expect(tracing.spans()).toEqual([]);

    trace.setGlobalTracerProvider(tracing.provider);
    propagation.setGlobalPropagator(tracing.propagator);
    try {
      await publisher.publish(subject, { n: 2 });
      await waitFor(() => received.length === 2 && tracing.spans().length === 2, 5000, "two spans");
      expect(received[1]?.headers.traceparent).toBeDefined();
      expect(
        isChildOf(tracing.span(`receive ${subject}`), tracing.span(`publish ${subject}`).spanContext()),
      ).toBe(true);
    } finally {
      trace.disable();
      propagation.disable();
    }
  });
});

describe("otelTelemetry on JetStream", () => {
  it("continues the trace from publish to the durable consumer, with stream and consumer group", async () => {
    const stream = uniqueName("otel");
    await ensureStream(nc, { name: stream, subjects: [`${stream}.>`] });
    const t = telemetry();
    await using subscriber = new JetStreamSubscriber(nc, codec, { telemetry: t });
    let handled = 0;
    await subscriber.subscribe({ stream, config: { durable: "billing" } }, () => {
      handled++;
    });
    await using publisher = new JetStreamPublisher(nc, codec, { telemetry: t });
    const subject = `${stream}.Order.Created`;
    await publisher.publish(subject, { n: 1 }, { msgId: "m-1" });
    await waitFor(() => handled === 1 && tracing.spans().length === 2, 5000, "two spans");
    const producer = tracing.span(`publish ${subject}`);
    const consumer = tracing.span(`receive ${subject}`);
    expect(isChildOf(consumer, producer.spanContext())).toBe(true);
    expect(producer.attributes["messaging.message.id"]).toBe("m-1");
    expect(consumer.attributes).toMatchObject({
      "messaging.destination.name": stream,
      "messaging.nats.subject": subject,
      "messaging.consumer.group.name": "billing",
    });
  });
});
