// prom-client is an optional peer: it is only loaded by applications that import this subpath.
export type { ConsumerLabels, MetricsRecorder, PublishLabels } from "../metrics-recorder.js";
export { initMetrics, type MetricsOptions } from "./prometheus-metrics.js";
