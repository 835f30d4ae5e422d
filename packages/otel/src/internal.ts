// What the facade shares with `otelTelemetry`; not a stable API.
export { tracingIsOff } from "./tracing-off.js";
