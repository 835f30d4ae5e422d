import { type Context, context } from "@opentelemetry/api";

/**
 * Runs `send` with `parent` as the active OpenTelemetry context (Go's `ctx` argument), so the transport's
 * telemetry parents its span on it; without one, the context already active is used.
 */
export function withinTrace<R>(parent: Context | undefined, send: () => R): R {
  return parent === undefined ? send() : context.with(parent, send);
}
