import { NotificationSource } from "@natsflux/spec";
import type { FacadeConfig } from "../config.js";
import type { DeliveryInfo } from "../event.js";

// Notification callbacks run after the message is settled and can never turn success into failure:
// a throwing callback is logged and ignored (the TS peer naks processed messages when one throws).

export function reportSuccess(
  config: Readonly<FacadeConfig>,
  deliveryInfo: DeliveryInfo,
  startedAt: number,
): void {
  const handler = config.onNotification;
  if (handler === undefined) return;
  try {
    handler({
      deliveryInfo,
      durationMs: Math.round(performance.now() - startedAt),
      source: NotificationSource,
    });
  } catch (error) {
    config.logger.warn("notification handler threw; ignored", { error });
  }
}

export function reportError(
  config: Readonly<FacadeConfig>,
  deliveryInfo: DeliveryInfo,
  error: unknown,
  startedAt: number,
): void {
  const handler = config.onError;
  if (handler === undefined) return;
  try {
    handler({
      deliveryInfo,
      durationMs: Math.round(performance.now() - startedAt),
      source: NotificationSource,
      error: error instanceof Error ? error : new Error(String(error)),
    });
  } catch (failure) {
    config.logger.warn("error notification handler threw; ignored", { error: failure });
  }
}
