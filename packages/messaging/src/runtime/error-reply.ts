import { RemoteError, serviceErrorHeaders } from "@natsflux/core";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Go answers a failed request with the body `{"error": "<message>"}` and no headers. We send the same
 * body, plus the NATS micro-protocol status headers so natsflux callers need not guess from the body.
 */
export function errorReply(
  message: string,
  status: number,
): { data: Uint8Array; headers: Record<string, string> } {
  return {
    data: encoder.encode(JSON.stringify({ error: message })),
    headers: serviceErrorHeaders(message, status),
  };
}

/**
 * Recognises a Go-style error reply: a JSON object whose only key is a string `error`. Replies from
 * natsflux responders carry status headers and are turned into `RemoteError` by the transport already.
 */
export function remoteErrorFromBody(subject: string, data: Uint8Array): RemoteError | undefined {
  // Cheap pre-check: only bodies that start like {"error" are parsed.
  if (data.length < 11 || data[0] !== 0x7b) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(data));
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  const error = (parsed as { error?: unknown }).error;
  if (keys.length !== 1 || typeof error !== "string") return undefined;
  return new RemoteError(subject, error);
}
