/** Labels of consumer-side metrics: the consumer (durable, "" if ephemeral, service for requests) and key. */
export interface ConsumerLabels {
  readonly consumer: string;
  readonly routingKey: string;
}

/** Labels of publisher-side metrics: the stream (or target service) and key. */
export interface PublishLabels {
  readonly stream: string;
  readonly routingKey: string;
}

/**
 * What the facade reports, named after the Go transport's `nats_events_*` metrics. `initMetrics`
 * implements it on prom-client; the default does nothing. Implementations must not throw.
 */
export interface MetricsRecorder {
  eventReceived(labels: ConsumerLabels): void;
  eventAck(labels: ConsumerLabels, durationMs: number): void;
  eventNak(labels: ConsumerLabels, durationMs: number): void;
  eventWithoutHandler(labels: ConsumerLabels): void;
  eventNotParsable(labels: ConsumerLabels): void;
  publishSucceed(labels: PublishLabels, durationMs: number): void;
  publishFailed(labels: PublishLabels, durationMs: number): void;
}

export const noopMetrics: MetricsRecorder = Object.freeze({
  eventReceived: () => {},
  eventAck: () => {},
  eventNak: () => {},
  eventWithoutHandler: () => {},
  eventNotParsable: () => {},
  publishSucceed: () => {},
  publishFailed: () => {},
});
