/**
 * Message headers: keys are exact-case strings (NATS header keys are case-sensitive, so `ce-id` and
 * `Ce-Id` are different keys). When a key repeats on the wire, the first value is the one kept here.
 */
export type Headers = Readonly<Record<string, string>>;

/** Header input accepted on publish and request: a record or an iterable of key/value pairs. */
export type HeadersInit = Readonly<Record<string, string>> | Iterable<readonly [string, string]>;

const emptyHeaders: Headers = Object.freeze({});

/** Copies `init` into a fresh mutable record, keeping keys exactly as given. */
export function toHeaderRecord(init: HeadersInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (init === undefined) return out;
  if (isHeaderPairs(init)) {
    for (const [key, value] of init) out[key] = value;
  } else {
    for (const key of Object.keys(init)) out[key] = init[key] as string;
  }
  return out;
}

/** A shared frozen empty header set, for messages that carry none. */
export function noHeaders(): Headers {
  return emptyHeaders;
}

/** True for the `[key, value]` pairs form of `HeadersInit` (an array, a Map...), false for a plain record. */
export function isHeaderPairs(value: HeadersInit): value is Iterable<readonly [string, string]> {
  return typeof (value as Iterable<unknown>)[Symbol.iterator] === "function";
}
