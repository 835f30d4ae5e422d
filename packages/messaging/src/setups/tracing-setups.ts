import type { ConsumerTraceMode } from "@natsflux/otel";
import type { TextMapPropagator, TracerProvider } from "@opentelemetry/api";
import type { DeliveryInfo } from "../event.js";
import type { OptionSetup } from "../setup.js";
import { optionSetup } from "./option-setups.js";

// Option setups apply before any endpoint wherever they appear, so unlike Go their order does not matter.

/** Sends the service's spans to `tracerProvider` instead of the global one (Go: `WithTracing`). */
export function withTracing(tracerProvider: TracerProvider): OptionSetup {
  return optionSetup("withTracing()", { tracerProvider });
}

/** Writes and reads trace context with `propagator` instead of the global one (Go: `WithPropagator`). */
export function withPropagator(propagator: TextMapPropagator): OptionSetup {
  return optionSetup("withPropagator()", { propagator });
}

/** Names consumer spans (Go: `WithSpanNameFn`); the default is `{destination}#{key}`. */
export function withSpanNameFn(spanNameFn: (deliveryInfo: DeliveryInfo) => string): OptionSetup {
  return optionSetup("withSpanNameFn()", { spanNameFn });
}

/** Names publish spans (Go: `WithPublishSpanNameFn`); the default is `publish {routingKey}`. */
export function withPublishSpanNameFn(
  publishSpanNameFn: (stream: string, routingKey: string) => string,
): OptionSetup {
  return optionSetup("withPublishSpanNameFn()", { publishSpanNameFn });
}

/**
 * `"link"` starts each consumer span in a new trace with a link to the producer's span, instead of
 * continuing the producer's trace (`"child"`, the default and Go's behaviour).
 */
export function withConsumerTraceMode(mode: ConsumerTraceMode): OptionSetup {
  return optionSetup(`withConsumerTraceMode(${JSON.stringify(mode)})`, { consumerTraceMode: mode });
}
