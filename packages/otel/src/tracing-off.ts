import {
  ProxyTracerProvider,
  propagation,
  type TextMapPropagator,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";

// A proxy without a delegate answers with the API's shared no-op provider: the one to compare against.
const noopTracerProvider = new ProxyTracerProvider().getDelegate();

/**
 * True when nothing would come of tracing: no provider or propagator was given, and the global ones
 * are still the API's no-ops (no SDK registered, no propagator set). Checked per operation, so an SDK
 * registered later is picked up. Lets the hot path skip spans, contexts and header injection entirely.
 */
export function tracingIsOff(
  tracerProvider: TracerProvider | undefined,
  propagator: TextMapPropagator | undefined,
): boolean {
  if (tracerProvider !== undefined || propagator !== undefined) return false;
  const global = trace.getTracerProvider();
  return (
    global instanceof ProxyTracerProvider &&
    global.getDelegate() === noopTracerProvider &&
    propagation.fields().length === 0
  );
}
