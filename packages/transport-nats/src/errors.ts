import {
  ClosedError,
  ConfigError,
  NatsfluxError,
  NoRespondersError,
  PermissionError,
  PublishError,
  RequestError,
  SubscribeError,
  TimeoutError,
  TransportError,
} from "@natsflux/core";
import { classifyNatsError } from "./nats-error-kind.js";
import { redact } from "./redact.js";

/** What natsflux was doing when nats.js failed; decides the error class when nothing more specific fits. */
export type NatsOperation = "publish" | "subscribe" | "request";

/**
 * Turns anything nats.js throws (or rejects with) into the matching natsflux error. Errors are recognised
 * by name (`classifyNatsError`), so a connection created by another copy of `@nats-io/nats-core` is
 * understood too. Messages embedded in ours are passed through `redact`, so credentials in a server URL
 * never end up in an error message.
 */
export function toNatsfluxError(
  error: unknown,
  operation: NatsOperation,
  subject: string,
  timeoutMs = 0,
): NatsfluxError {
  if (error instanceof NatsfluxError) return error;
  const classified = classifyNatsError(error);
  if (classified === undefined) return fallback(error, operation, subject);
  const cause = classified.error;
  switch (classified.kind) {
    case "no_responders":
      return new NoRespondersError(subject, cause);
    case "timeout":
      return new TimeoutError(operation, subject, timeoutMs, cause);
    case "permission": {
      const violation = cause as Error & { operation?: string; subject?: string };
      const denied: PermissionError["operation"] =
        violation.operation === "subscription"
          ? "subscribe"
          : operation === "request"
            ? "request"
            : "publish";
      return new PermissionError(denied, violation.subject || subject, cause);
    }
    case "closed":
      return new ClosedError("NATS connection", cause);
    case "draining":
      return new ClosedError("NATS connection (draining)", cause);
    case "invalid_subject":
      return new ConfigError("subject", `invalid NATS subject ${JSON.stringify(subject)}`, cause);
    case "invalid_argument":
      return new ConfigError(operation, redact(cause.message), cause);
    case "connection":
      return new TransportError(`NATS ${operation} on "${subject}" failed: ${redact(cause.message)}`, cause);
    case "max_payload":
      return fallback(cause, operation, subject);
  }
}

/** A payload the server would refuse: named with its size and the server's limit, before anything is sent. */
export function payloadTooLarge(
  operation: NatsOperation,
  subject: string,
  size: number,
  limit: number,
): NatsfluxError {
  const message = `${operation} to "${subject}" failed: message of ${size} bytes exceeds the server's max_payload of ${limit} bytes`;
  return operation === "request"
    ? new RequestError(subject, undefined, message)
    : new PublishError(subject, undefined, message);
}

/** True for the nats.js error thrown when headers plus payload exceed max_payload. */
export function isMaxPayloadError(error: unknown): boolean {
  return classifyNatsError(error)?.kind === "max_payload";
}

function fallback(error: unknown, operation: NatsOperation, subject: string): NatsfluxError {
  const reason = redact(error instanceof Error ? error.message : String(error));
  switch (operation) {
    case "publish":
      return new PublishError(subject, error, `publish to "${subject}" failed: ${reason}`);
    case "subscribe":
      return new SubscribeError(subject, error, `subscription to "${subject}" failed: ${reason}`);
    case "request":
      return new RequestError(subject, error, `request to "${subject}" failed: ${reason}`);
  }
}
