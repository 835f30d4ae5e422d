import { JetStreamApiError } from "@nats-io/jetstream";
import { errors as natsErrors, RequestError } from "@nats-io/nats-core";

/** JetStream API error codes the transport reacts to. */
export const ApiCode = {
  ConsumerNotFound: 10014,
  StreamNotFound: 10059,
  StreamNameInUse: 10058,
  StreamInvalidConfig: 10052,
  SubjectsOverlap: 10065,
  ConsumerCannotUpdate: 10012,
  ConsumerAlreadyExists: 10148,
  ConsumerDoesNotExist: 10149,
} as const;

/** The JetStream API error code of `error`, if it is a JetStream API error. */
export function apiCode(error: unknown): number | undefined {
  return error instanceof JetStreamApiError ? error.code : undefined;
}

/** The server's own description of a JetStream API error, or the error message. */
export function serverDescription(error: unknown): string {
  if (error instanceof JetStreamApiError) return error.apiError().description;
  return error instanceof Error ? error.message : String(error);
}

/** True when the request found nobody listening (503), also when wrapped as a cause. */
export function isNoResponders(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof RequestError && current.isNoResponders()) return true;
    if (current instanceof natsErrors.NoRespondersError) return true;
    current = current.cause;
  }
  return false;
}

export function isNatsTimeout(error: unknown): boolean {
  return error instanceof natsErrors.TimeoutError;
}

export function isConnectionClosed(error: unknown): boolean {
  return error instanceof natsErrors.ClosedConnectionError;
}

/** True for a permission violation, also when wrapped as a cause (nats.js wraps it in a RequestError for requests). */
export function isPermissionViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if (current instanceof natsErrors.PermissionViolationError) return true;
    current = current.cause;
  }
  return false;
}

/** The client refused the arguments before sending anything (nats.js `InvalidArgumentError`). */
export function isInvalidArgument(error: unknown): boolean {
  return error instanceof natsErrors.InvalidArgumentError;
}

/** The status code a pull request ended with (JetStreamStatusError: 400, 409, 503...), if any. */
export function statusCode(error: unknown): number | undefined {
  if (error instanceof Error && error.name === "JetStreamStatusError") {
    const code = (error as { code?: unknown }).code;
    return typeof code === "number" ? code : undefined;
  }
  return undefined;
}
