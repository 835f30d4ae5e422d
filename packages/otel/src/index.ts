export type { ConsumerTraceMode } from "./consumer-trace-mode.js";
export {
  ATTR_MESSAGING_CLIENT_ID_GO,
  ATTR_MESSAGING_DESTINATION_SUBSCRIPTION,
  ATTR_MESSAGING_NATS_SUBJECT,
  MESSAGING_SYSTEM_NATS,
  NATSFLUX_TRACER_NAME,
} from "./names.js";
export { type OtelTelemetryOptions, otelTelemetry } from "./otel-telemetry.js";
export type { TracingErrorReporter } from "./span-scope.js";
export { extractTraceContext, injectTraceContext } from "./trace-context.js";
