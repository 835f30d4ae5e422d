import { ConfigError, type Headers, type HeadersInit, noHeaders, toHeaderRecord } from "@natsflux/core";

/**
 * Copies header input into an exact-case record, refusing what a NATS server connection would refuse:
 * empty names, names outside printable ASCII 33-126 or with ':', values with CR or LF. Values are trimmed
 * because the NATS header block trims them on the wire, so tests see what a real subscriber would.
 */
export function toWireHeaders(init: HeadersInit | undefined): Record<string, string> {
  const record = toHeaderRecord(init);
  for (const key of Object.keys(record)) {
    const value = record[key];
    const field = `headers[${JSON.stringify(key)}]`;
    if (!validName(key)) {
      throw new ConfigError(field, "header names must be non-empty printable ASCII (33-126) without ':'");
    }
    if (typeof value !== "string") {
      throw new ConfigError(field, `header values must be strings, got ${typeof value}`);
    }
    if (/[\r\n]/.test(value)) throw new ConfigError(field, "header values must not contain CR or LF");
    record[key] = value.trim();
  }
  return record;
}

/** A receiver's own frozen copy, so no subscriber can change what another one sees. */
export function receivedHeaders(record: Readonly<Record<string, string>>): Headers {
  const keys = Object.keys(record);
  if (keys.length === 0) return noHeaders();
  return Object.freeze({ ...record });
}

function validName(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 33 || c > 126 || c === 58) return false;
  }
  return true;
}
