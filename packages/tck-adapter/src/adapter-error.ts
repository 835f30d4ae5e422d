import { RPC_ERROR_CODE } from "./protocol.js";

/** A request the adapter refuses or could not carry out; its message is what the runner prints. */
export class AdapterError extends Error {
  readonly code: number = RPC_ERROR_CODE;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AdapterError";
  }
}

/** The message of `error` and of its causes, joined the way Go wraps errors ("a: b: c"). */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    const message = current instanceof Error ? current.message : String(current);
    if (message !== "" && !parts.some((part) => part.includes(message))) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(": ") || "unknown error";
}
