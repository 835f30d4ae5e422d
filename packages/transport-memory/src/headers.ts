import { ConfigError, type Headers, type HeadersInit, noHeaders, toHeaderRecord } from "@natsflux/core";
import { headerProblem } from "@natsflux/core/internal";

/**
 * Copies header input into an exact-case record, refusing what a NATS connection refuses, with the same
 * ConfigError (core's `headerProblem` states the rules once). Values are trimmed because nats.js trims
 * them on the wire, so tests see what a real subscriber would.
 */
export function toWireHeaders(init: HeadersInit | undefined): Record<string, string> {
  const record = toHeaderRecord(init);
  for (const key of Object.keys(record)) {
    const value = record[key];
    const problem = headerProblem(key, value);
    if (problem !== undefined) throw new ConfigError(`headers[${JSON.stringify(key)}]`, problem);
    record[key] = (value as string).trim();
  }
  return record;
}

/** A receiver's own frozen copy, so no subscriber can change what another one sees. */
export function receivedHeaders(record: Readonly<Record<string, string>>): Headers {
  const keys = Object.keys(record);
  if (keys.length === 0) return noHeaders();
  return Object.freeze({ ...record });
}
