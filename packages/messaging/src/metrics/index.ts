// prom-client is an optional peer: it is only loaded by applications that import this subpath.
export type { ConsumerLabels, MetricsRecorder, PublishLabels } from "../metrics-recorder.js";
export {
  initMetrics,
  type MetricsOptions,
  PROCESSED_DURATION_BUCKETS,
  PUBLISH_DURATION_BUCKETS,
} from "./prometheus-metrics.js";
