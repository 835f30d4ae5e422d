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

/** What natsflux was doing when nats.js failed; decides the error class when nothing more specific fits. */
export type NatsOperation = "publish" | "subscribe" | "request";

/**
 * Turns anything nats.js throws (or rejects with) into the matching natsflux error. This is the only place
 * that knows nats.js error types. Errors are recognised by `name` rather than `instanceof`, so a connection
 * created by another copy of `@nats-io/nats-core` is understood too. Messages embedded in ours are passed
 * through `redact`, so credentials in a server URL never end up in an error message.
 */
export function toNatsfluxError(
  error: unknown,
  operation: NatsOperation,
  subject: string,
  timeoutMs = 0,
): NatsfluxError {
  if (error instanceof NatsfluxError) return error;
  if (!(error instanceof Error)) return fallback(error, operation, subject);
  switch (error.name) {
    case "RequestError": {
      // nats.js wraps the real reason of a failed request (no responders, permission...) as the cause.
      if (error.cause instanceof Error) return toNatsfluxError(error.cause, operation, subject, timeoutMs);
      if (error.message === "connection closed") return new ClosedError("NATS connection", error);
      return fallback(error, operation, subject);
    }
    case "NoResponders":
    case "NoRespondersError":
      return new NoRespondersError(subject, error);
    case "TimeoutError":
      return new TimeoutError(operation, subject, timeoutMs, error);
    case "PermissionViolationError": {
      const violation = error as Error & { operation?: string; subject?: string };
      const denied: PermissionError["operation"] =
        violation.operation === "subscription"
          ? "subscribe"
          : operation === "request"
            ? "request"
            : "publish";
      return new PermissionError(denied, violation.subject ?? subject, error);
    }
    case "ClosedConnectionError":
      return new ClosedError("NATS connection", error);
    case "DrainingConnectionError":
      return new ClosedError("NATS connection (draining)", error);
    case "InvalidSubjectError":
      return new ConfigError("subject", `invalid NATS subject ${JSON.stringify(subject)}`, error);
    case "InvalidArgumentError":
      if (error.message.includes("max_payload")) return fallback(error, operation, subject);
      return new ConfigError(operation, redact(error.message), error);
    case "AuthorizationError":
    case "UserAuthenticationExpiredError":
    case "ConnectionError":
    case "ProtocolError":
      return new TransportError(`NATS ${operation} on "${subject}" failed: ${redact(error.message)}`, error);
    default:
      return fallback(error, operation, subject);
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
  return (
    error instanceof Error && error.name === "InvalidArgumentError" && error.message.includes("max_payload")
  );
}

/** Removes `user:password@` (or `token@`) from URLs in `text`. */
export function redact(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]+@/g, "$1***@");
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
