import { context, type TextMapPropagator, type TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import {
  ConsoleSpanExporter,
  TracerProvider as SdkTracerProvider,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace";

export interface Tracing {
  readonly tracerProvider: TracerProvider;
  readonly propagator: TextMapPropagator;
  /** Flushes and stops the exporter. */
  shutdown(): Promise<void>;
}

/**
 * An OpenTelemetry SDK printing every finished span to the console. A real service would use an OTLP
 * exporter and a BatchSpanProcessor; natsflux only sees the provider and the propagator.
 */
export function consoleTracing(): Tracing {
  // The context manager is what carries the active span across `await`: handlers run inside their
  // consumer span, so the spans they start and the messages they publish join the trace.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new SdkTracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })],
  });
  return {
    tracerProvider: provider,
    // W3C trace context: `traceparent`/`tracestate` headers, what Go's propagation.TraceContext{} reads.
    propagator: new W3CTraceContextPropagator(),
    shutdown: () => provider.shutdown(),
  };
}
