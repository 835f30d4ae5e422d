import { combineTelemetry, labelOperations, type Telemetry } from "@natsflux/core";
import { deliveryOf, gomessagingOperationLabels, publishTargetOf } from "@natsflux/gomessaging";
import { otelTelemetry } from "@natsflux/otel";
import { tracingIsOff } from "@natsflux/otel/internal";
import type { FacadeConfig } from "../config.js";
import type { Logger } from "../logger.js";
import { metricsTelemetry } from "../metrics/metrics-telemetry.js";
import type { MetricsRecorder } from "../metrics-recorder.js";

/**
 * The facade's telemetry, for every transport it drives: `otelTelemetry` labelled with the Go transport's
 * span names and attributes (the spec's), and the Go metrics when a recorder is given.
 * `consumer` is the Go `DeliveryInfo.destination` of JetStream deliveries: the durable, "" if ephemeral.
 */
export function facadeTelemetry(
  config: Readonly<FacadeConfig>,
  metrics: MetricsRecorder,
  consumer: string = config.serviceName,
): Telemetry {
  const { tracing, serviceName, logger } = config;
  const { tracerProvider, propagator } = tracing;
  const report = tracingFailureReporter(logger);
  const traced = otelTelemetry({
    ...(tracerProvider === undefined ? {} : { tracerProvider }),
    ...(propagator === undefined ? {} : { propagator }),
    consumerTraceMode: tracing.consumerTraceMode,
    requestSpanKind: "producer",
    onError: report,
  });
  const labelled = labelOperations(
    traced,
    gomessagingOperationLabels({
      serviceName,
      consumer,
      spanName: tracing.spanNameFn,
      publishSpanName: tracing.publishSpanNameFn,
      // A throwing name function is a tracing failure: reported, and the default name used.
      onError: report,
      // Labels are only worth their allocations when spans are recorded (checked per operation, like otel).
      enabled: () => !tracingIsOff(tracerProvider, propagator),
    }),
  );
  const measured = metricsTelemetry(metrics, {
    consumerLabels: (operation) => {
      const info = deliveryOf(operation, consumer, serviceName);
      return { consumer: info.destination, routingKey: info.key };
    },
    publishLabels: (operation) => {
      const { target, routingKey } = publishTargetOf(operation);
      return { stream: target, routingKey };
    },
    onError: (error, metric) =>
      logger.warn("metrics recorder threw; ignored (logged once per metric)", { metric, error }),
  });
  return combineTelemetry(labelled, measured);
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
