import type { Logger } from "../logger.js";

export interface FailureLogLimits {
  /** Failures logged one by one per window. @default 5 */
  readonly burst?: number;
  /** Length of a window in ms. @default 10000 */
  readonly windowMs?: number;
}

/** What one failed delivery is logged with. */
export interface HandlerFailure {
  readonly routingKey: string;
  readonly error: unknown;
  readonly deliveryCount: number;
  /** Delay of the nak, in ms; 0 for immediate redelivery. */
  readonly retryInMs: number;
}

/**
 * Logs the handler failures of one consumer at a bounded rate: the first `burst` of each window one by one,
 * the rest counted (per routing key, with the last error) and written as one summary line when the window
 * ends or the consumer stops. A message that keeps failing, or a downstream outage failing every message,
 * then costs at most `burst + 1` lines per window instead of one line per delivery; metrics and error
 * notifications still see every failure.
 */
export class FailureLog {
  readonly #logger: Logger;
  readonly #consumer: string;
  readonly #burst: number;
  readonly #windowMs: number;
  #windowStart = Number.NEGATIVE_INFINITY;
  #logged = 0;
  #suppressed = new Map<string, number>();
  #lastError: unknown;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(logger: Logger, consumer: string, limits: FailureLogLimits = {}) {
    this.#logger = logger;
    this.#consumer = consumer;
    this.#burst = limits.burst ?? 5;
    this.#windowMs = limits.windowMs ?? 10_000;
  }

  failed(failure: HandlerFailure): void {
    const now = Date.now();
    if (now - this.#windowStart >= this.#windowMs) {
      this.flush();
      this.#windowStart = now;
      this.#logged = 0;
    }
    if (this.#logged < this.#burst) {
      this.#logged++;
      this.#logger.error("handler failed, naking for redelivery", {
        routingKey: failure.routingKey,
        consumer: this.#consumer,
        error: failure.error,
        deliveryCount: failure.deliveryCount,
        retryInMs: failure.retryInMs,
      });
      return;
    }
    this.#suppressed.set(failure.routingKey, (this.#suppressed.get(failure.routingKey) ?? 0) + 1);
    this.#lastError = failure.error;
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.#windowStart + this.#windowMs - now);
      // A pending summary must not keep the process alive; stopping the consumer flushes it anyway.
      this.#timer.unref?.();
    }
  }

  /** Writes the summary of the failures not logged one by one, if there are any. Idempotent. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#suppressed.size === 0) return;
    const byRoutingKey = Object.fromEntries(this.#suppressed);
    const failures = [...this.#suppressed.values()].reduce((a, b) => a + b, 0);
    this.#logger.error("handler failures not logged one by one, naked for redelivery", {
      consumer: this.#consumer,
      failures,
      byRoutingKey,
      lastError: this.#lastError,
      windowMs: this.#windowMs,
    });
    this.#suppressed = new Map();
    this.#lastError = undefined;
  }
}
