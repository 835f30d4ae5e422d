import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { AdapterError, describeError } from "./adapter-error.js";
import { jsonText } from "./json-text.js";
import { MAX_RESPONSE_LINE_BYTES, RPC_ERROR_CODE, type RpcRequest, type RpcResponse } from "./protocol.js";
import type { TckAdapter } from "./tck-adapter.js";

export interface ServeOptions {
  /** Where requests arrive, one JSON object per line (stdin). */
  readonly input: Readable;
  /** Writes one response line (without the newline); must not reorder lines (fd 3). */
  readonly writeLine: (line: string) => void;
  readonly adapter: TckAdapter;
  /** Diagnostics (stderr); the runner shows them with -v. */
  readonly log?: (message: string) => void;
}

/** Why `serve` returned: the runner asked to shut down, or closed stdin. */
export type ServeEnd = "shutdown" | "eof";

function parseRequest(line: string): RpcRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new AdapterError(`invalid request JSON: ${describeError(error)}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new AdapterError("invalid request JSON: not an object");
  }
  const { id, method, params } = value as Record<string, unknown>;
  if (typeof id !== "number" || !Number.isInteger(id))
    throw new AdapterError("invalid request JSON: id must be an integer");
  if (typeof method !== "string") throw new AdapterError("invalid request JSON: method must be a string");
  return { id, method, params };
}

function requestId(line: string): number {
  // Answer a request that failed validation with its id when there is one, else 0 (as Go does).
  try {
    const id: unknown = (JSON.parse(line) as Record<string, unknown>)?.id;
    return typeof id === "number" && Number.isInteger(id) ? id : 0;
  } catch {
    return 0;
  }
}

function errorLine(id: number, error: unknown): string {
  const message = error instanceof AdapterError ? error.message : describeError(error);
  return jsonText({ id, error: { code: RPC_ERROR_CODE, message } } satisfies RpcResponse);
}

/**
 * Serves requests one at a time, in order: each request line gets exactly one response line, written
 * only after the method has finished. Returns after answering `shutdown`, or when the input ends (then
 * every service is closed first).
 */
export async function serve(options: ServeOptions): Promise<ServeEnd> {
  const { input, writeLine, adapter } = options;
  const log = options.log ?? (() => {});
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      if (line === "") continue;
      let request: RpcRequest;
      try {
        request = parseRequest(line);
      } catch (error) {
        writeLine(errorLine(requestId(line), error));
        continue;
      }
      let response: string;
      try {
        const result = await adapter.handle(request.method, request.params);
        response = jsonText({ id: request.id, result: result ?? {} } satisfies RpcResponse);
      } catch (error) {
        log(`${request.method} (id ${request.id}) failed: ${describeError(error)}`);
        response = errorLine(request.id, error);
      }
      const bytes = Buffer.byteLength(response) + 1;
      if (bytes > MAX_RESPONSE_LINE_BYTES) {
        log(
          `response to ${request.method} (id ${request.id}) is ${bytes} bytes; the runner reads at most ${MAX_RESPONSE_LINE_BYTES}`,
        );
      }
      writeLine(response);
      if (request.method === "shutdown") return "shutdown";
    }
  } finally {
    lines.close();
  }
  await adapter.shutdown();
  return "eof";
}
