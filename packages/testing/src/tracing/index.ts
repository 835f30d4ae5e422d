export { activeSpanContext, isChildOf, traceparentOf, useTracing } from "./use-tracing.js";
