import { Counter, Histogram, type Registry } from "prom-client";
import type { ConsumerLabels, MetricsRecorder, PublishLabels } from "../metrics-recorder.js";

export interface MetricsOptions {
  /**
   * Maps a routing key to its label value, to bound cardinality (e.g. `Order.123` → `Order.{id}`).
   * An empty result becomes "unknown".
   */
  readonly routingKeyMapper?: (routingKey: string) => string;
}

const consumerLabels = ["consumer", "routing_key"] as const;
const publishLabels = ["stream", "routing_key"] as const;

/**
 * Registers the Go transport's `nats_events_*` metrics (same names, types, labels, help texts and
 * buckets, so existing dashboards work) on `registry`, and returns the recorder to give
 * `createConnection({ metrics })`. Calling it again with the same registry reuses the registered metrics.
 */
export function initMetrics(registry: Registry, options: MetricsOptions = {}): MetricsRecorder {
  const map = options.routingKeyMapper;
  const key = (routingKey: string): string => (map ? map(routingKey) || "unknown" : routingKey || "unknown");
  const counter = (name: string, help: string, labelNames: readonly string[]) =>
    (registry.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help, labelNames: [...labelNames], registers: [registry] });
  const histogram = (name: string, help: string, labelNames: readonly string[], buckets: number[]) =>
    (registry.getSingleMetric(name) as Histogram<string> | undefined) ??
    new Histogram({ name, help, labelNames: [...labelNames], buckets, registers: [registry] });

  const received = counter("nats_events_received", "Count of NATS events received", consumerLabels);
  const ack = counter("nats_events_ack", "Count of NATS events that were acknowledged", consumerLabels);
  const nak = counter(
    "nats_events_nak",
    "Count of NATS events that were negatively acknowledged",
    consumerLabels,
  );
  const withoutHandler = counter(
    "nats_events_without_handler",
    "Count of NATS events without a handler",
    consumerLabels,
  );
  const notParsable = counter(
    "nats_events_not_parsable",
    "Count of NATS events that could not be parsed",
    consumerLabels,
  );
  const processed = histogram(
    "nats_events_processed_duration",
    "Milliseconds taken to process an event",
    [...consumerLabels, "result"],
    [100, 200, 500, 1000, 3000, 5000, 10000],
  );
  const publishSucceed = counter(
    "nats_events_publish_succeed",
    "Count of NATS events published successfully",
    publishLabels,
  );
  const publishFailed = counter(
    "nats_events_publish_failed",
    "Count of NATS events that could not be published",
    publishLabels,
  );
  const publishDuration = histogram(
    "nats_events_publish_duration",
    "Milliseconds taken to publish an event",
    [...publishLabels, "result"],
    [1, 5, 10, 25, 50, 100, 250, 500, 1000],
  );

  const c = (l: ConsumerLabels) => ({ consumer: l.consumer, routing_key: key(l.routingKey) });
  const p = (l: PublishLabels) => ({ stream: l.stream, routing_key: key(l.routingKey) });
  return {
    eventReceived: (l) => received.inc(c(l)),
    eventAck: (l, ms) => {
      ack.inc(c(l));
      processed.observe({ ...c(l), result: "ACK" }, ms);
    },
    eventNak: (l, ms) => {
      nak.inc(c(l));
      processed.observe({ ...c(l), result: "NAK" }, ms);
    },
    eventWithoutHandler: (l) => withoutHandler.inc(c(l)),
    eventNotParsable: (l) => notParsable.inc(c(l)),
    publishSucceed: (l, ms) => {
      publishSucceed.inc(p(l));
      publishDuration.observe({ ...p(l), result: "OK" }, ms);
    },
    publishFailed: (l, ms) => {
      publishFailed.inc(p(l));
      publishDuration.observe({ ...p(l), result: "ERROR" }, ms);
    },
  };
}
