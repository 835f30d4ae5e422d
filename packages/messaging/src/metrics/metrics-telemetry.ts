import {
  noopTelemetry,
  type ProcessOperation,
  type PublishOperation,
  RemoteError,
  type RequestOperation,
  type Telemetry,
} from "@natsflux/core";
import {
  type ConsumerLabels,
  type MetricsRecorder,
  noopMetrics,
  type PublishLabels,
} from "../metrics-recorder.js";

export interface MetricsTelemetryOptions {
  /** Labels of a received message; undefined leaves it out. @default the consumer group ("" without) and subject */
  readonly consumerLabels?: (operation: ProcessOperation) => ConsumerLabels | undefined;
  /** Labels of a publish or request; undefined leaves it out. @default the destination (else subject) and subject */
  readonly publishLabels?: (operation: PublishOperation | RequestOperation) => PublishLabels | undefined;
  /** Told the first time each metric fails (a throwing recorder or label function); nothing else is affected. */
  readonly onError?: (error: unknown, metric: string) => void;
}

/**
 * A `MetricsRecorder` as a core `Telemetry` hook, for any transport. Messages of a transport that settles
 * them (JetStream) are counted from `settled`: received, then ack (success) or nak (any failure) with the
 * duration, or without_handler / not_parsable for messages rejected before a handler. Messages of the
 * others (Core NATS) are counted from `process`: received, then ack or nak by the handler's outcome.
 * Publishes and requests record succeed/failed with the duration; a request answered with a remote error
 * was still delivered, so it counts as a success (Go's rule). A failing recorder never fails a message.
 */
export function metricsTelemetry(
  recorder: MetricsRecorder,
  options: MetricsTelemetryOptions = {},
): Telemetry {
  if (recorder === noopMetrics) return noopTelemetry;
  const consumerLabels = options.consumerLabels ?? defaultConsumerLabels;
  const publishLabels = options.publishLabels ?? defaultPublishLabels;
  const failed = new Set<string>();
  const guarded = <A>(metric: string, record: () => A): A | undefined => {
    try {
      return record();
    } catch (error) {
      if (!failed.has(metric)) {
        failed.add(metric);
        options.onError?.(error, metric);
      }
      return undefined;
    }
  };

  const sent = <R>(
    operation: PublishOperation | RequestOperation,
    run: () => Promise<R>,
    delivered: (error: unknown) => boolean,
  ): Promise<R> => {
    const labels = guarded("labels", () => publishLabels(operation));
    if (labels === undefined) return run();
    const started = performance.now();
    return run().then(
      (value) => {
        guarded("publishSucceed", () => recorder.publishSucceed(labels, performance.now() - started));
        return value;
      },
      (error: unknown) => {
        const ms = performance.now() - started;
        if (delivered(error)) guarded("publishSucceed", () => recorder.publishSucceed(labels, ms));
        else guarded("publishFailed", () => recorder.publishFailed(labels, ms));
        throw error;
      },
    );
  };

  return {
    publish: (operation, run) => sent(operation, run, never),
    request: (operation, run) => sent(operation, run, isRemoteError),
    process(operation, run) {
      if (operation.system === "jetstream") return run();
      const labels = guarded("labels", () => consumerLabels(operation));
      if (labels === undefined) return run();
      guarded("eventReceived", () => recorder.eventReceived(labels));
      const started = performance.now();
      return run().then(
        (value) => {
          guarded("eventAck", () => recorder.eventAck(labels, performance.now() - started));
          return value;
        },
        (error: unknown) => {
          guarded("eventNak", () => recorder.eventNak(labels, performance.now() - started));
          throw error;
        },
      );
    },
    settled(operation, settlement) {
      const labels = guarded("labels", () => consumerLabels(operation));
      if (labels === undefined) return;
      guarded("eventReceived", () => recorder.eventReceived(labels));
      if (settlement.rejected === "unroutable") {
        guarded("eventWithoutHandler", () => recorder.eventWithoutHandler(labels));
      } else if (settlement.rejected === "undecodable") {
        guarded("eventNotParsable", () => recorder.eventNotParsable(labels));
      } else if (settlement.decision.action === "ack") {
        guarded("eventAck", () => recorder.eventAck(labels, settlement.durationMs));
      } else {
        guarded("eventNak", () => recorder.eventNak(labels, settlement.durationMs));
      }
    },
  };
}

const never = () => false;
const isRemoteError = (error: unknown) => error instanceof RemoteError;

function defaultConsumerLabels(operation: ProcessOperation): ConsumerLabels {
  return { consumer: operation.consumerGroup ?? "", routingKey: operation.subject };
}

function defaultPublishLabels(operation: PublishOperation | RequestOperation): PublishLabels {
  const destination = "destination" in operation ? operation.destination : undefined;
  return { stream: destination ?? operation.subject, routingKey: operation.subject };
}
