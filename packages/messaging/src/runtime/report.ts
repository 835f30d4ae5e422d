import { noopTelemetry, type Telemetry } from "@natsflux/core";
import { notify } from "@natsflux/core/internal";
import { deliveryOf, NotificationSource } from "@natsflux/gomessaging";
import type { FacadeConfig } from "../config.js";
import type { DeliveryInfo } from "../event.js";
import type { Notification } from "../notifications.js";

// Notification callbacks run after the message is settled and can never turn success into failure:
// a throwing callback is logged and ignored (the TS peer naks processed messages when one throws).

/**
 * Tells Go's notification callbacks how one message went: `onError` when it `failed` (with the error),
 * `onNotification` otherwise.
 */
export function report(
  { onNotification, onError, logger }: Readonly<FacadeConfig>,
  info: DeliveryInfo,
  durationMs: number,
  failed?: { readonly error: unknown },
): void {
  // Nobody to tell: the usual case, kept free of allocations.
  if ((failed === undefined ? onNotification : onError) === undefined) return;
  const notification: Notification = {
    deliveryInfo: info,
    durationMs: Math.round(durationMs),
    source: NotificationSource,
  };
  if (failed === undefined) {
    notify(onNotification, notification, (error) =>
      logger.warn("notification handler threw; ignored", { error }),
    );
    return;
  }
  const { error } = failed;
  notify(
    onError,
    { ...notification, error: error instanceof Error ? error : new Error(String(error)) },
    (thrown) => logger.warn("error notification handler threw; ignored", { error: thrown }),
  );
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
      // Nothing to log and nobody to tell: the usual case, kept free of allocations.
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
      report(config, info, durationMs, succeeded ? undefined : { error });
    },
  };
}
