import { type MsgHdrs, headers as natsHeaders } from "@nats-io/nats-core";
import { RemoteError } from "@natsflux/core";

// The NATS micro protocol's error reply: an empty body with these two headers. Go, Java and nats.js
// services answer failures this way, so natsflux responders and requesters interoperate with them.
export const serviceErrorHeader = "Nats-Service-Error";
export const serviceErrorCodeHeader = "Nats-Service-Error-Code";

/** Status codes natsflux responders send. */
export const errorStatus = { badRequest: 400, internal: 500, unavailable: 503 } as const;

// Header values are one line; a long stack-trace-like message is cut so the reply stays small.
const maxMessageLength = 1024;

/** Headers of an error reply for `error` with `status`. */
export function errorReplyHeaders(error: unknown, status: number): MsgHdrs {
  const headers = natsHeaders();
  headers.set(serviceErrorHeader, oneLine(errorText(error)));
  headers.set(serviceErrorCodeHeader, String(status));
  return headers;
}

/** The RemoteError an error reply stands for, or undefined for an ordinary reply. */
export function remoteErrorOf(headers: MsgHdrs | undefined, subject: string): RemoteError | undefined {
  if (headers === undefined) return undefined;
  const message = headers.get(serviceErrorHeader);
  const code = headers.get(serviceErrorCodeHeader);
  if (message === "" && code === "") return undefined;
  const status = Number.parseInt(code, 10);
  return new RemoteError(
    subject,
    message || `error ${code}`,
    Number.isInteger(status) && status > 0 ? status : errorStatus.internal,
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

function oneLine(text: string): string {
  const line = text.replace(/[\r\n]+/g, " ").trim() || "error";
  return line.length > maxMessageLength ? `${line.slice(0, maxMessageLength - 3)}...` : line;
}
