import { noopTelemetry, type Telemetry } from "@natsflux/core";
import { notify } from "@natsflux/core/internal";
import { NotificationSource } from "@natsflux/spec";
import type { FacadeConfig } from "../config.js";
import type { DeliveryInfo } from "../event.js";
import { deliveryOf } from "./facade-telemetry.js";

// Notification callbacks run after the message is settled and can never turn success into failure:
// a throwing callback is logged and ignored (the TS peer naks processed messages when one throws).

export function reportSuccess(config: Readonly<FacadeConfig>, info: DeliveryInfo, startedAt: number): void {
  notifySuccess(config, info, performance.now() - startedAt);
}

export function reportError(
  config: Readonly<FacadeConfig>,
  info: DeliveryInfo,
  error: unknown,
  startedAt: number,
): void {
  notifyError(config, info, error, performance.now() - startedAt);
}

/**
 * Go's notifications for the messages a JetStream consumer settles, as a telemetry hook: success to
 * `onNotification`, handler failures and undecodable messages to `onError`. Messages rejected before a
 * handler are logged (a message without a handler only that way, as in Go).
 */
export function settlementReports(config: Readonly<FacadeConfig>, consumer: string): Telemetry {
  const { logger } = config;
  return {
    ...noopTelemetry,
    settled(operation, { decision, rejected, error, durationMs }) {
      const succeeded = decision.action === "ack";
      // Nobody to tell and nothing to log: the usual case, kept free of allocations.
      if (rejected === undefined && (succeeded ? config.onNotification : config.onError) === undefined)
        return;
      const info = deliveryOf(operation, consumer, config.serviceName);
      if (rejected === "unroutable") {
        logger.warn("no handler for routing key, rejecting", { routingKey: info.key, consumer });
        return;
      }
      if (rejected === "undecodable") {
        logger.warn("failed to parse message, terminating", { routingKey: info.key, consumer, error });
      }
      if (succeeded) notifySuccess(config, info, durationMs);
      else notifyError(config, info, error, durationMs);
    },
  };
}

function notifySuccess(
  { onNotification, logger }: Readonly<FacadeConfig>,
  info: DeliveryInfo,
  ms: number,
): void {
  if (onNotification === undefined) return;
  notify(
    onNotification,
    { deliveryInfo: info, durationMs: Math.round(ms), source: NotificationSource },
    (error) => logger.warn("notification handler threw; ignored", { error }),
  );
}

function notifyError(
  { onError, logger }: Readonly<FacadeConfig>,
  info: DeliveryInfo,
  error: unknown,
  ms: number,
): void {
  if (onError === undefined) return;
  const failure = error instanceof Error ? error : new Error(String(error));
  notify(
    onError,
    { deliveryInfo: info, durationMs: Math.round(ms), source: NotificationSource, error: failure },
    (thrown) => logger.warn("error notification handler threw; ignored", { error: thrown }),
  );
}
