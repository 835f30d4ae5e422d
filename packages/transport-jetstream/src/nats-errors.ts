import { natsErrorKind } from "@natsflux/transport-nats/adapter";

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

/**
 * A JetStream API error by its shape, never `instanceof` (an application may hold another copy of
 * @nats-io/jetstream): nats.js's JetStreamApiError and its subclasses carry the server's numeric `code`
 * (err_code) and `apiError()`, unlike the pull status errors, whose `code` is the 4xx status.
 */
interface ApiErrorShape extends Error {
  readonly code: number;
  apiError(): { readonly description?: string };
}

function asApiError(error: unknown): ApiErrorShape | undefined {
  if (!(error instanceof Error)) return undefined;
  const candidate = error as Partial<ApiErrorShape>;
  return typeof candidate.code === "number" && typeof candidate.apiError === "function"
    ? (error as ApiErrorShape)
    : undefined;
}

/** The JetStream API error code of `error`, if it is a JetStream API error. */
export function apiCode(error: unknown): number | undefined {
  return asApiError(error)?.code;
}

/** The server's own description of a JetStream API error, or the error message. */
export function serverDescription(error: unknown): string {
  const api = asApiError(error);
  if (api !== undefined) return api.apiError().description ?? api.message;
  return error instanceof Error ? error.message : String(error);
}

/** True when the connection was closed under the operation. */
export function isConnectionClosed(error: unknown): boolean {
  return natsErrorKind(error) === "closed";
}

/** The status code a pull request ended with (JetStreamStatusError: 400, 409, 503...), if any. */
export function statusCode(error: unknown): number | undefined {
  if (error instanceof Error && error.name === "JetStreamStatusError") {
    const code = (error as { code?: unknown }).code;
    return typeof code === "number" ? code : undefined;
  }
  return undefined;
}
