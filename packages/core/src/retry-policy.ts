import { isNonRetryable } from "./errors/non-retryable-error.js";
import { ConfigError } from "./errors/operation-errors.js";

/** What an acknowledging transport does with a message once its handler has finished. */
export type AckDecision =
  | { readonly action: "ack" }
  | { readonly action: "nak"; readonly delayMs?: number }
  | { readonly action: "term"; readonly reason?: string };

/** Maps a handler outcome (`error` is undefined on success) to an acknowledgement. */
export type RetryPolicy = (error: unknown, deliveryCount: number) => AckDecision;

const ack: AckDecision = Object.freeze({ action: "ack" });

export interface BackoffRetryOptions {
  /**
   * Nak delays in ms by delivery attempt: the n-th failed delivery waits `delays[n-1]`, the last
   * entry repeats. Empty means "nak without delay" (immediate redelivery).
   * @default [1000, 5000, 30000]
   */
  readonly delays?: ReadonlyArray<number>;
}

/**
 * The default policy: success acks; `NonRetryableError` and `DecodeError` term (poison is never
 * redelivered); any other failure naks with a delay from the schedule, because a plain nak redelivers at
 * once and would burn through MaxDeliver in milliseconds.
 */
export function backoffRetryPolicy(options: BackoffRetryOptions = {}): RetryPolicy {
  const delays = [...(options.delays ?? [1000, 5000, 30000])];
  delays.forEach((d, i) => {
    if (!Number.isFinite(d) || d < 0)
      throw new ConfigError(`delays[${i}]`, `must be a finite number >= 0, got ${d}`);
  });
  return (error, deliveryCount) => {
    if (error === undefined) return ack;
    if (isNonRetryable(error)) {
      return { action: "term", reason: error instanceof Error ? error.message : String(error) };
    }
    if (delays.length === 0) return { action: "nak" };
    const index = Math.min(Math.max(deliveryCount, 1) - 1, delays.length - 1);
    return { action: "nak", delayMs: delays[index] as number };
  };
}
