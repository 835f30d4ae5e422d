// Building blocks the facade shares with `otelTelemetry`; not a stable API.
export {
  endSpan,
  reportToDiag,
  runInScope,
  type SpanScope,
  startSpanScope,
  type TracingErrorReporter,
} from "./span-scope.js";
export { consumerParent, producerParent } from "./trace-context.js";
export { tracingIsOff } from "./tracing-off.js";
