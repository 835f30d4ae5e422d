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
import { ErrParseJSON } from "../constants.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The error reply of a failed service request, for a responder's `errorReply`. Go answers with the body
 * `{"error": "<message>"}` (a request that does not parse: `"<parser error>: failed to parse"`) and no
 * headers; the NATS micro-protocol status headers are added so natsflux callers need not guess from the body.
 */
export function gomessagingErrorReply({ error, status }: ServiceFailure): ErrorReply {
  const text =
    status === serviceErrorStatus.badRequest
      ? `${messageOf(error instanceof DecodeError ? error.cause : error)}: ${ErrParseJSON}`
      : messageOf(error);
  return {
    data: encoder.encode(JSON.stringify({ error: text })),
    headers: serviceErrorHeaders(text, error instanceof DecodeError ? serviceErrorStatus.badRequest : status),
  };
}

/**
 * The `RemoteError` of an error reply, for a requester's `errorReply`: a micro-protocol one, or Go's
 * (a JSON object whose only key is a string `error`); `undefined` for any other reply.
 */
export function gomessagingErrorFromReply(reply: ReplyView): RemoteError | undefined {
  return microErrorFromReply(reply) ?? errorFromBody(reply);
}

function errorFromBody({ subject, data }: ReplyView): RemoteError | undefined {
  // Cheap pre-check: only bodies that start like {"error" are parsed.
  if (data.length < 11 || data[0] !== 0x7b) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(data));
  } catch {
    return undefined;
  }
  const error = (parsed as { error?: unknown }).error;
  if (typeof error !== "string" || Object.keys(parsed as object).length !== 1) return undefined;
  return new RemoteError(subject, error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
