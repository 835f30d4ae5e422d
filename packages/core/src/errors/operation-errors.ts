import { describe } from "./encode-error.js";
import { NatsfluxError } from "./natsflux-error.js";

/** Publishing to `subject` failed (connection, server refusal, stream missing...). `cause` has the detail. */
export class PublishError extends NatsfluxError {
  readonly subject: string;
  constructor(subject: string, cause: unknown, message?: string) {
    super("PUBLISH", message ?? `publish to "${subject}" failed: ${describe(cause)}`, { cause });
    this.subject = subject;
  }
}

/** Subscribing to (or consuming from) `subject` failed or the subscription ended with an error. */
export class SubscribeError extends NatsfluxError {
  readonly subject: string;
  constructor(subject: string, cause: unknown, message?: string) {
    super("SUBSCRIBE", message ?? `subscription to "${subject}" failed: ${describe(cause)}`, { cause });
    this.subject = subject;
  }
}

/** A request to `subject` failed for a reason other than timeout, no responders, abort or a remote error. */
export class RequestError extends NatsfluxError {
  readonly subject: string;
  constructor(subject: string, cause: unknown, message?: string) {
    super("REQUEST", message ?? `request to "${subject}" failed: ${describe(cause)}`, { cause });
    this.subject = subject;
  }
}

/** An operation (request, publish acknowledgement, fetch, drain) did not complete within `timeoutMs`. */
export class TimeoutError extends NatsfluxError {
  readonly operation: string;
  readonly subject: string | undefined;
  readonly timeoutMs: number;
  constructor(operation: string, subject: string | undefined, timeoutMs: number, cause?: unknown) {
    const target = subject === undefined ? "" : ` to "${subject}"`;
    super("TIMEOUT", `${operation}${target} timed out after ${timeoutMs} ms`, { cause });
    this.operation = operation;
    this.subject = subject;
    this.timeoutMs = timeoutMs;
  }
}

/** Nobody is subscribed to the request subject; reported at once, not after the timeout. */
export class NoRespondersError extends NatsfluxError {
  readonly subject: string;
  constructor(subject: string, cause?: unknown) {
    super("NO_RESPONDERS", `no responders are listening on "${subject}"`, { cause });
    this.subject = subject;
  }
}

/** The responder received the request and reported a failure. */
export class RemoteError extends NatsfluxError {
  readonly subject: string;
  /** Status code sent by the responder (micro-protocol style; 500 when it sent none). */
  readonly status: number;
  /** The responder's own error message, verbatim. */
  readonly remoteMessage: string;
  constructor(subject: string, remoteMessage: string, status = 500) {
    super("REMOTE", `responder on "${subject}" failed (${status}): ${remoteMessage}`);
    this.subject = subject;
    this.status = status;
    this.remoteMessage = remoteMessage;
  }
}

/** The caller's AbortSignal fired before the operation completed. `cause` is the signal's reason. */
export class AbortedError extends NatsfluxError {
  readonly operation: string;
  constructor(operation: string, reason?: unknown) {
    super("ABORTED", `${operation} was aborted${reason === undefined ? "" : `: ${describe(reason)}`}`, {
      cause: reason,
    });
    this.operation = operation;
  }
}

/** The publisher, subscriber, consumer or connection was already closed. */
export class ClosedError extends NatsfluxError {
  readonly resource: string;
  constructor(resource: string, cause?: unknown) {
    super("CLOSED", `${resource} is closed`, { cause });
    this.resource = resource;
  }
}

/** A connection-level failure (disconnected, protocol error, server error) without a more specific class. */
export class TransportError extends NatsfluxError {
  constructor(message: string, cause?: unknown) {
    super("TRANSPORT", message, { cause });
  }
}

/** The server refused an operation on `subject` because the user lacks permission. Never includes credentials. */
export class PermissionError extends NatsfluxError {
  readonly subject: string;
  readonly operation: "publish" | "subscribe" | "request";
  constructor(operation: "publish" | "subscribe" | "request", subject: string, cause?: unknown) {
    super("PERMISSION", `permission denied to ${operation} on "${subject}"`, { cause });
    this.subject = subject;
    this.operation = operation;
  }
}

/** Invalid configuration or argument, found before anything was sent. `field` names what was wrong. */
export class ConfigError extends NatsfluxError {
  readonly field: string;
  constructor(field: string, message: string, cause?: unknown) {
    super("CONFIG", `${field}: ${message}`, { cause });
    this.field = field;
  }
}

/** The connected server is too old for a requested feature. */
export class UnsupportedFeatureError extends NatsfluxError {
  readonly feature: string;
  readonly requiredVersion: string;
  readonly serverVersion: string;
  constructor(feature: string, requiredVersion: string, serverVersion: string, hint?: string) {
    super(
      "UNSUPPORTED",
      `${feature} needs nats-server ${requiredVersion} or newer; connected server is ${serverVersion}${hint ? `. ${hint}` : ""}`,
    );
    this.feature = feature;
    this.requiredVersion = requiredVersion;
    this.serverVersion = serverVersion;
  }
}
