import { context, type SpanContext, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach } from "vitest";

// Shared by the tests of @natsflux/otel and @natsflux/messaging: spans recorded in memory, asserted by name.

/**
 * An SDK tracer provider exporting to memory, the W3C propagator, and an async context manager (so
 * `context.with` reaches handlers across awaits). Nothing is registered globally except the context
 * manager, which is removed after the file.
 */
export function useTracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const propagator = new W3CTraceContextPropagator();
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(async () => {
    context.disable();
    await provider.shutdown();
  });
  beforeEach(() => exporter.reset());
  return {
    provider,
    propagator,
    exporter,
    spans: (): ReadableSpan[] => exporter.getFinishedSpans(),
    /** The one finished span called `name`; fails when there is none or several. */
    span(name: string): ReadableSpan {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name);
      if (found.length !== 1) {
        const names = exporter.getFinishedSpans().map((s) => s.name);
        throw new Error(`expected one span "${name}", found ${found.length} among ${JSON.stringify(names)}`);
      }
      return found[0] as ReadableSpan;
    },
    tracer: () => provider.getTracer("test"),
  };
}

/** `traceparent` of a span context, as the W3C propagator writes it. */
export function traceparentOf(spanContext: SpanContext): string {
  return `00-${spanContext.traceId}-${spanContext.spanId}-0${spanContext.traceFlags}`;
}

export function isChildOf(child: ReadableSpan, parent: SpanContext): boolean {
  return child.spanContext().traceId === parent.traceId && child.parentSpanContext?.spanId === parent.spanId;
}

export const activeSpanContext = (): SpanContext | undefined => trace.getActiveSpan()?.spanContext();
