import { ConfigError } from "@natsflux/core";
import { Counter, Histogram, type Registry } from "prom-client";
import type { ConsumerLabels, MetricsRecorder, PublishLabels } from "../metrics-recorder.js";

export interface MetricsOptions {
  /**
   * Maps a routing key to its label value, to bound the label's cardinality (e.g. `Order.123` →
   * `Order.{id}`). Applied to the `routing_key` label of every metric; an empty result becomes
   * "unknown". Unlike Go's, the mapper belongs to the returned recorder, not to the process.
   * @default the identity
   */
  readonly routingKeyMapper?: (routingKey: string) => string;
}

const consumerLabels = ["consumer", "routing_key"] as const;
const publishLabels = ["stream", "routing_key"] as const;
const resultLabels = ["result"] as const;

/** Go's buckets (milliseconds), so histograms from Go and natsflux services aggregate together. */
export const PROCESSED_DURATION_BUCKETS: readonly number[] = Object.freeze([
  100, 200, 500, 1000, 3000, 5000, 10000,
]);
export const PUBLISH_DURATION_BUCKETS: readonly number[] = Object.freeze([
  1, 5, 10, 25, 50, 100, 250, 500, 1000,
]);

/**
 * Registers the Go transport's `nats_events_*` metrics on `registry` (same names, types, labels, help
 * texts and buckets, so dashboards work for Go and natsflux services alike) and returns the recorder to
 * give `createConnection({ metrics })`. Nothing touches prom-client's global registry: each connection's
 * metrics go where its registry is exposed. Calling it again with the same registry reuses the metrics
 * already there (several connections of one process share the counters); a metric of the same name that
 * is not natsflux's (another type or other labels) is refused with a `ConfigError`.
 */
export function initMetrics(registry: Registry, options: MetricsOptions = {}): MetricsRecorder {
  const map = options.routingKeyMapper;
  const key = (routingKey: string): string => (map ? map(routingKey) : routingKey) || "unknown";
  const counter = (name: string, help: string, labelNames: readonly string[]) =>
    reuse<Counter<string>>(registry, name, "counter", labelNames) ??
    new Counter({ name, help, labelNames: [...labelNames], registers: [registry] });
  const histogram = (name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) =>
    reuse<Histogram<string>>(registry, name, "histogram", labelNames) ??
    new Histogram({ name, help, labelNames: [...labelNames], buckets: [...buckets], registers: [registry] });

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
    [...consumerLabels, ...resultLabels],
    PROCESSED_DURATION_BUCKETS,
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
    [...publishLabels, ...resultLabels],
    PUBLISH_DURATION_BUCKETS,
  );

  const c = (l: ConsumerLabels) => ({ consumer: l.consumer, routing_key: key(l.routingKey) });
  const p = (l: PublishLabels) => ({ stream: l.stream, routing_key: key(l.routingKey) });
  return {
    eventReceived: (l) => received.inc(c(l)),
    eventAck: (l, ms) => {
      const labels = c(l);
      ack.inc(labels);
      processed.observe({ ...labels, result: "ACK" }, ms);
    },
    eventNak: (l, ms) => {
      const labels = c(l);
      nak.inc(labels);
      processed.observe({ ...labels, result: "NAK" }, ms);
    },
    eventWithoutHandler: (l) => withoutHandler.inc(c(l)),
    eventNotParsable: (l) => notParsable.inc(c(l)),
    publishSucceed: (l, ms) => {
      const labels = p(l);
      publishSucceed.inc(labels);
      publishDuration.observe({ ...labels, result: "OK" }, ms);
    },
    publishFailed: (l, ms) => {
      const labels = p(l);
      publishFailed.inc(labels);
      publishDuration.observe({ ...labels, result: "ERROR" }, ms);
    },
  };
}

/** The metric already registered under `name`, if it is one natsflux registered (same type and labels). */
function reuse<M>(
  registry: Registry,
  name: string,
  type: "counter" | "histogram",
  labelNames: readonly string[],
): M | undefined {
  const existing = registry.getSingleMetric(name) as
    | { type?: string; labelNames?: readonly string[] }
    | undefined;
  if (existing === undefined) return undefined;
  const labels = existing.labelNames ?? [];
  if (
    existing.type !== type ||
    labels.length !== labelNames.length ||
    labels.some((l, i) => l !== labelNames[i])
  ) {
    throw new ConfigError(
      "registry",
      `metric ${name} is already registered as a ${existing.type ?? "metric"} with labels [${labels.join(", ")}]; natsflux needs a ${type} with labels [${labelNames.join(", ")}]`,
    );
  }
  return existing as M;
}
