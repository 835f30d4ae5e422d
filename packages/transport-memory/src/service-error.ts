import { type Headers, RemoteError } from "@natsflux/core";

// Error replies follow the NATS micro protocol, as the Core NATS transport sends them: an empty body with
// these two headers. Keeping the same wire shape means a test against memory exercises the same path.
export const serviceErrorHeader = "Nats-Service-Error";
export const serviceErrorCodeHeader = "Nats-Service-Error-Code";

/** Status codes a responder sends: 400 for a request it cannot decode, 500 for a failing handler. */
export const errorStatus = { badRequest: 400, internal: 500 } as const;

// Header values are one line; a long message is cut so the reply stays small (as on Core NATS).
const maxMessageLength = 1024;

/** Headers of an error reply for `error` with `status`. */
export function errorReplyHeaders(error: unknown, status: number): Record<string, string> {
  return {
    [serviceErrorHeader]: oneLine(errorText(error)),
    [serviceErrorCodeHeader]: String(status),
  };
}

/** The RemoteError an error reply stands for, or undefined for an ordinary reply. */
export function remoteErrorOf(headers: Headers, subject: string): RemoteError | undefined {
  const message = headers[serviceErrorHeader] ?? "";
  const code = headers[serviceErrorCodeHeader] ?? "";
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
