import type { DeliveryInfo } from "./event.js";

/** Reported after a consumer handled a message successfully (Go: `Notification`). */
export interface Notification {
  readonly deliveryInfo: DeliveryInfo;
  readonly durationMs: number;
  readonly source: "CONSUMER";
}

/** Reported after a consumer's handler failed or a message could not be parsed (Go: `ErrorNotification`). */
export interface ErrorNotification extends Notification {
  readonly error: Error;
}

/**
 * Callbacks replace Go's notification channels. They run after the message was settled and never block
 * or fail message handling: a throwing callback is logged and ignored.
 */
export type NotificationHandler = (notification: Notification) => void;
export type ErrorNotificationHandler = (notification: ErrorNotification) => void;
