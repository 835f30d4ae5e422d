import {
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type TextMapPropagator,
  trace,
} from "@opentelemetry/api";
import type { ConsumerTraceMode } from "./consumer-trace-mode.js";

/**
 * Writes `ctx`'s trace context into `headers` with `propagator`, or with the global one (a no-op until
 * the application registers one, as in Go). Keys are kept exactly as the propagator writes them:
 * W3C gives lowercase `traceparent`/`tracestate`, which is what Go reads. Overwrites existing keys.
 */
export function injectTraceContext(
  ctx: Context,
  headers: Record<string, string>,
  propagator: TextMapPropagator | undefined,
): void {
  if (propagator === undefined) propagation.inject(ctx, headers, defaultTextMapSetter);
  else propagator.inject(ctx, headers, defaultTextMapSetter);
}

/** Reads trace context from exact-case header keys onto an empty context (Go: `context.Background()`). */
export function extractTraceContext(
  headers: Readonly<Record<string, string>>,
  propagator: TextMapPropagator | undefined,
): Context {
  return propagator === undefined
    ? propagation.extract(ROOT_CONTEXT, headers, defaultTextMapGetter)
    : propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

/**
 * Parent context and links of a consumer span. The parent never comes from `context.active()`: with an
 * async context manager that would be whatever was active when the subscription started.
 */
export function consumerParent(
  headers: Readonly<Record<string, string>>,
  propagator: TextMapPropagator | undefined,
  mode: ConsumerTraceMode,
): { parent: Context; links: Link[] | undefined } {
  const extracted = extractTraceContext(headers, propagator);
  if (mode === "child") return { parent: extracted, links: undefined };
  const remote = trace.getSpanContext(extracted);
  // Baggage and other propagated values stay; only the span is replaced by a link.
  const parent = trace.deleteSpan(extracted);
  return { parent, links: remote === undefined ? undefined : [{ context: remote }] };
}
