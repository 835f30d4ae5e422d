import { RemoteError } from "./errors/operation-errors.js";

// The NATS micro protocol's error reply: an empty body with these two headers. Go, Java and nats.js
// services answer failures this way, so natsflux responders and requesters interoperate with them.
export const serviceErrorHeader = "Nats-Service-Error";
export const serviceErrorCodeHeader = "Nats-Service-Error-Code";

/** Status codes natsflux responders send. */
export const serviceErrorStatus = { badRequest: 400, internal: 500, unavailable: 503 } as const;

// Header values are one line; a long stack-trace-like message is cut so the reply stays small.
const maxMessageLength = 1024;

/** Headers of an error reply for `error` (an Error or a message) with `status`. */
export function serviceErrorHeaders(error: unknown, status: number): Record<string, string> {
  return {
    [serviceErrorHeader]: oneLine(errorText(error)),
    [serviceErrorCodeHeader]: String(status),
  };
}

/**
 * The RemoteError an error reply stands for, or undefined for an ordinary reply. `header` reads one
 * header of the reply ("" or undefined when absent), whatever the transport's header type.
 */
export function remoteErrorFromHeaders(
  subject: string,
  header: (key: string) => string | undefined,
): RemoteError | undefined {
  const message = header(serviceErrorHeader) ?? "";
  const code = header(serviceErrorCodeHeader) ?? "";
  if (message === "" && code === "") return undefined;
  const status = Number.parseInt(code, 10);
  return new RemoteError(
    subject,
    message || `error ${code}`,
    Number.isInteger(status) && status > 0 ? status : serviceErrorStatus.internal,
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

function oneLine(text: string): string {
  const line = text.replace(/[\r\n]+/g, " ").trim() || "error";
  return line.length > maxMessageLength ? `${line.slice(0, maxMessageLength - 3)}...` : line;
}
