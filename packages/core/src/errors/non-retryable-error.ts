import { DecodeError } from "./decode-error.js";
import { describe } from "./encode-error.js";
import { NatsfluxError } from "./natsflux-error.js";

/**
 * Thrown by a handler to say "retrying will not help": acknowledging transports terminate the message
 * instead of redelivering it. Wrap the real error as `cause`.
 */
export class NonRetryableError extends NatsfluxError {
  constructor(messageOrCause: string | unknown, options?: ErrorOptions) {
    const message = typeof messageOrCause === "string" ? messageOrCause : describe(messageOrCause);
    const cause = typeof messageOrCause === "string" ? options?.cause : messageOrCause;
    super("NON_RETRYABLE", message, { cause });
  }
}

/** Wraps any error so that acknowledging transports terminate the message rather than redeliver it. */
export function nonRetryable(error: unknown): NonRetryableError {
  return error instanceof NonRetryableError ? error : new NonRetryableError(error);
}

/** True for errors that must not be retried: `NonRetryableError` and `DecodeError`, also when found as a `cause`. */
export function isNonRetryable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    if (current instanceof NonRetryableError || current instanceof DecodeError) return true;
    current = current.cause;
  }
  return false;
}
