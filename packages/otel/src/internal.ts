// Building blocks the facade shares with `otelTelemetry`; not a stable API.

export {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
} from "./semconv.js";
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
