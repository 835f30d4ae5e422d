import { validOneOf } from "@natsflux/core/internal";
import type { ConsumerTraceMode } from "@natsflux/otel";
import type { TextMapPropagator, TracerProvider } from "@opentelemetry/api";
import type { DeliveryInfo } from "./event.js";

/**
 * Tracing options of `createConnection` (also available as setups: `withTracing`, `withPropagator`,
 * `withSpanNameFn`, `withPublishSpanNameFn`, `withConsumerTraceMode`). With none of them, spans go to the
 * global tracer provider and trace context through the global propagator, both no-ops until the
 * application registers an OpenTelemetry SDK: as in Go, nothing is exported and no trace headers are sent.
 */
export interface TracingOptions {
  /** Where spans go (Go: `WithTracing`). @default the global tracer provider */
  readonly tracerProvider?: TracerProvider;
  /** Writes and reads trace context in message headers (Go: `WithPropagator`). @default the global propagator */
  readonly propagator?: TextMapPropagator;
  /** Names consumer spans (Go: `WithSpanNameFn`). @default `{deliveryInfo.destination}#{deliveryInfo.key}` */
  readonly spanNameFn?: (deliveryInfo: DeliveryInfo) => string;
  /** Names publish spans (Go: `WithPublishSpanNameFn`). @default `publish {routingKey}` */
  readonly publishSpanNameFn?: (stream: string, routingKey: string) => string;
  /** Whether consumer spans are children of the producer's span (as in Go) or link to it. @default "child" */
  readonly consumerTraceMode?: ConsumerTraceMode;
}

/** The tracing part of the facade configuration, after options and setups have been applied. */
export interface TracingSettings {
  tracerProvider: TracerProvider | undefined;
  propagator: TextMapPropagator | undefined;
  spanNameFn: ((deliveryInfo: DeliveryInfo) => string) | undefined;
  publishSpanNameFn: ((stream: string, routingKey: string) => string) | undefined;
  consumerTraceMode: ConsumerTraceMode;
}

export function tracingSettings(options: TracingOptions): TracingSettings {
  return {
    tracerProvider: options.tracerProvider,
    propagator: options.propagator,
    spanNameFn: options.spanNameFn,
    publishSpanNameFn: options.publishSpanNameFn,
    consumerTraceMode: validConsumerTraceMode(options.consumerTraceMode ?? "child"),
  };
}

export function validConsumerTraceMode(mode: ConsumerTraceMode): ConsumerTraceMode {
  return validOneOf("consumerTraceMode", mode, ["child", "link"]);
}
