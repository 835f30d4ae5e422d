/**
 * What went wrong, for an error nats.js threw or rejected with:
 * - `no_responders`: nobody listens on the subject (the server answered 503);
 * - `timeout`: no answer in time;
 * - `permission`: the server refused the subject for this user;
 * - `closed` / `draining`: the connection is closed or draining;
 * - `invalid_subject`, `invalid_argument`: the client refused the arguments before sending anything;
 * - `max_payload`: the message (headers included) exceeds the server's max_payload;
 * - `connection`: authorization, authentication expiry, socket or protocol failures.
 */
export type NatsErrorKind =
  | "no_responders"
  | "timeout"
  | "permission"
  | "closed"
  | "draining"
  | "invalid_subject"
  | "invalid_argument"
  | "max_payload"
  | "connection";

/** A recognised nats.js error: its kind and the error in the cause chain that told. */
export interface ClassifiedNatsError {
  readonly kind: NatsErrorKind;
  readonly error: Error;
}

// By `name`, never `instanceof`: an application with a second copy of @nats-io/nats-core creates errors
// from other classes with the same names.
const kindByName: Readonly<Record<string, NatsErrorKind>> = {
  NoResponders: "no_responders",
  NoRespondersError: "no_responders",
  TimeoutError: "timeout",
  PermissionViolationError: "permission",
  ClosedConnectionError: "closed",
  DrainingConnectionError: "draining",
  InvalidSubjectError: "invalid_subject",
  InvalidArgumentError: "invalid_argument",
  AuthorizationError: "connection",
  UserAuthenticationExpiredError: "connection",
  ConnectionError: "connection",
  ProtocolError: "connection",
};

// nats.js wraps the real reason (RequestError around NoResponders, JetStreamNotEnabled around that): a few
// levels of `cause` are enough for every wrapper it has.
const maxCauseDepth = 5;

/** Classifies `error` by name and message, looking through its causes; undefined when nothing is recognised. */
export function classifyNatsError(error: unknown): ClassifiedNatsError | undefined {
  let current = error;
  for (let depth = 0; depth < maxCauseDepth && current instanceof Error; depth++) {
    const kind = Object.hasOwn(kindByName, current.name) ? kindByName[current.name] : undefined;
    if (kind === "invalid_argument" && current.message.includes("max_payload")) {
      return { kind: "max_payload", error: current };
    }
    if (kind !== undefined) return { kind, error: current };
    // A request the connection's closing cut short carries no cause, only this message.
    if (
      current.name === "RequestError" &&
      current.cause === undefined &&
      current.message === "connection closed"
    ) {
      return { kind: "closed", error: current };
    }
    current = current.cause;
  }
  return undefined;
}

/** The kind of a nats.js error (see `classifyNatsError`), or undefined. */
export function natsErrorKind(error: unknown): NatsErrorKind | undefined {
  return classifyNatsError(error)?.kind;
}
