/** Stable, machine-readable discriminant of every natsflux error. */
export type ErrorCode =
  | "ENCODE"
  | "DECODE"
  | "PUBLISH"
  | "SUBSCRIBE"
  | "REQUEST"
  | "TIMEOUT"
  | "NO_RESPONDERS"
  | "REMOTE"
  | "ABORTED"
  | "CLOSED"
  | "TRANSPORT"
  | "PERMISSION"
  | "CONFIG"
  | "UNSUPPORTED"
  | "NON_RETRYABLE";

/** Base class of every error natsflux throws. `code` is stable; `message` is for humans. */
export class NatsfluxError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
