import {
  DecodeError,
  type ErrorReply,
  microErrorFromReply,
  RemoteError,
  type ReplyView,
  type ServiceFailure,
  serviceErrorHeaders,
  serviceErrorStatus,
} from "@natsflux/core";
import { ErrParseJSON } from "@natsflux/spec";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Go answers a failed request with the body `{"error": "<message>"}` and no headers. We send the same
 * body, plus the NATS micro-protocol status headers so natsflux callers need not guess from the body.
 */
export function goErrorReply(failure: ServiceFailure): ErrorReply {
  const { error } = failure;
  const text =
    failure.status === serviceErrorStatus.badRequest
      ? `${error instanceof DecodeError && error.cause instanceof Error ? error.cause.message : String(error)}: ${ErrParseJSON}`
      : error instanceof Error
        ? error.message
        : String(error);
  const status = error instanceof DecodeError ? serviceErrorStatus.badRequest : failure.status;
  return {
    data: encoder.encode(JSON.stringify({ error: text })),
    headers: serviceErrorHeaders(text, status),
  };
}

/** A micro-protocol error reply, or Go's: a JSON object whose only key is a string `error`. */
export function goErrorFromReply(reply: ReplyView): RemoteError | undefined {
  const remote = microErrorFromReply(reply);
  if (remote !== undefined) return remote;
  const { data } = reply;
  // Cheap pre-check: only bodies that start like {"error" are parsed.
  if (data.length < 11 || data[0] !== 0x7b) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(data));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const error = (parsed as { error?: unknown }).error;
  if (Object.keys(parsed).length !== 1 || typeof error !== "string") return undefined;
  return new RemoteError(reply.subject, error);
}
