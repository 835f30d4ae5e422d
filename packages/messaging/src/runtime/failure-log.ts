import { RateLimiter } from "@natsflux/core/internal";
import type { Logger } from "../logger.js";

/** What one failed delivery is logged with. */
export interface HandlerFailure {
  readonly routingKey: string;
  readonly error: unknown;
  readonly deliveryCount: number;
  /** Delay of the nak, in ms; 0 for immediate redelivery. */
  readonly retryInMs: number;
}

/**
 * Logs the handler failures of one consumer at a bounded rate (core's RateLimiter, per routing key): a
 * message that keeps failing, or an outage failing every message, costs a few lines per window instead of
 * one per delivery; metrics and error notifications still see every failure.
 */
export function failureLog(logger: Logger, consumer: string): RateLimiter<HandlerFailure> {
  return new RateLimiter<HandlerFailure>({
    each: ({ routingKey, error, deliveryCount, retryInMs }) =>
      logger.error("handler failed, naking for redelivery", {
        routingKey,
        consumer,
        error,
        deliveryCount,
        retryInMs,
      }),
    summary: ({ count, byKey, last, windowMs }) =>
      logger.error("handler failures not logged one by one, naked for redelivery", {
        consumer,
        failures: count,
        byRoutingKey: byKey,
        lastError: last.error,
        windowMs,
      }),
  });
}
