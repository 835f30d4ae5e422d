import {
  combineTelemetry,
  labelOperations,
  type OperationLabel,
  type ProcessOperation,
  type PublishOperation,
  type RequestOperation,
  type Telemetry,
} from "@natsflux/core";
import {
  ATTR_MESSAGING_CLIENT_ID_GO,
  ATTR_MESSAGING_DESTINATION_SUBSCRIPTION,
  ATTR_MESSAGING_NATS_SUBJECT,
  otelTelemetry,
} from "@natsflux/otel";
import { ATTR_MESSAGING_DESTINATION_NAME, tracingIsOff } from "@natsflux/otel/internal";
import { natsRoutingKeyFromSubject } from "@natsflux/spec";
import type { FacadeConfig } from "../config.js";
import type { DeliveryInfo } from "../event.js";
import type { Logger } from "../logger.js";
import { metricsTelemetry } from "../metrics/metrics-telemetry.js";
import type { MetricsRecorder } from "../metrics-recorder.js";

const requestInfix = ".request.";

/**
 * The facade's telemetry, for every transport it drives: `otelTelemetry` with the Go transport's span
 * names, kinds and attributes (wire contract 6.2), and the Go metrics when a recorder is given.
 * `consumer` is the Go `DeliveryInfo.destination` of JetStream deliveries: the durable, "" if ephemeral.
 * Service requests (Core NATS, `{service}.request.{key}`) are named after the service.
 */
export function facadeTelemetry(
  config: Readonly<FacadeConfig>,
  metrics: MetricsRecorder,
  consumer: string = config.serviceName,
): Telemetry {
  const { tracing, serviceName, logger } = config;
  const { tracerProvider, propagator, spanNameFn, publishSpanNameFn } = tracing;
  const report = tracingFailureReporter(logger);
  const traced = otelTelemetry({
    ...(tracerProvider === undefined ? {} : { tracerProvider }),
    ...(propagator === undefined ? {} : { propagator }),
    consumerTraceMode: tracing.consumerTraceMode,
    requestSpanKind: "producer",
    onError: report,
  });
  // Labels are only worth their allocations when spans are recorded (checked per operation, like otel).
  const off = () => tracingIsOff(tracerProvider, propagator);
  const delivery = (operation: ProcessOperation): DeliveryInfo =>
    deliveryOf(operation, consumer, serviceName);
  const sent = (operation: PublishOperation | RequestOperation): OperationLabel | undefined => {
    if (off()) return undefined;
    const { target, routingKey } = targetOf(operation);
    return {
      name: named(() => publishSpanNameFn?.(target, routingKey), `publish ${routingKey}`),
      attributes: { [ATTR_MESSAGING_DESTINATION_NAME]: target, [ATTR_MESSAGING_CLIENT_ID_GO]: serviceName },
    };
  };
  // A throwing name function is a tracing failure: reported, and the default name used.
  const named = (custom: () => string | undefined, fallback: string): string => {
    try {
      return custom() ?? fallback;
    } catch (error) {
      report(error);
      return fallback;
    }
  };
  const labelled = labelOperations(traced, {
    publish: sent,
    request: sent,
    process(operation) {
      if (off()) return undefined;
      const info = delivery(operation);
      return {
        name: named(() => spanNameFn?.(info), `${info.destination}#${info.key}`),
        attributes: {
          // Go's meaning on consume spans: the routing key, not the subject.
          [ATTR_MESSAGING_NATS_SUBJECT]: info.key,
          [ATTR_MESSAGING_DESTINATION_SUBSCRIPTION]: info.destination,
          [ATTR_MESSAGING_CLIENT_ID_GO]: serviceName,
        },
      };
    },
  });
  const measured = metricsTelemetry(metrics, {
    consumerLabels: (operation) => {
      const info = delivery(operation);
      return { consumer: info.destination, routingKey: info.key };
    },
    publishLabels: (operation) => {
      const { target, routingKey } = targetOf(operation);
      return { stream: target, routingKey };
    },
    onError: (error, metric) =>
      logger.warn("metrics recorder threw; ignored (logged once per metric)", { metric, error }),
  });
  return combineTelemetry(labelled, measured);
}

/** Go's `DeliveryInfo` of a received message: a JetStream event, or a service request on Core NATS. */
export function deliveryOf(operation: ProcessOperation, consumer: string, serviceName: string): DeliveryInfo {
  const { subject, headers } = operation;
  if (operation.system === "jetstream") {
    const key = natsRoutingKeyFromSubject(subject);
    const source = operation.destination ?? prefixOf(subject, key);
    return { destination: consumer, source, key, headers };
  }
  const at = subject.indexOf(requestInfix);
  const key = at < 0 ? subject : subject.slice(at + requestInfix.length);
  return { destination: serviceName, source: subject, key, headers };
}

/** The stream (or service) and routing key an outgoing subject addresses. */
function targetOf(operation: PublishOperation | RequestOperation): { target: string; routingKey: string } {
  const { subject } = operation;
  const at = operation.system === "jetstream" ? -1 : subject.indexOf(requestInfix);
  if (at >= 0) return { target: subject.slice(0, at), routingKey: subject.slice(at + requestInfix.length) };
  const routingKey = natsRoutingKeyFromSubject(subject);
  return { target: prefixOf(subject, routingKey), routingKey };
}

/** What precedes `.{key}` in `subject` ("" for a subject without a dot). */
function prefixOf(subject: string, key: string): string {
  return key.length === subject.length ? "" : subject.slice(0, subject.length - key.length - 1);
}

const reporters = new WeakMap<Logger, (error: unknown) => void>();

/**
 * Logs the first tracing failure of a connection (per logger) and drops the rest: once is enough to
 * notice, and a broken exporter would otherwise log on every message.
 */
function tracingFailureReporter(logger: Logger): (error: unknown) => void {
  let report = reporters.get(logger);
  if (report === undefined) {
    let reported = false;
    report = (error) => {
      if (reported) return;
      reported = true;
      logger.warn("tracing failed; messages are still processed (further tracing errors are not logged)", {
        error,
      });
    };
    reporters.set(logger, report);
  }
  return report;
}
