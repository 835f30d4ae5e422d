import { type MsgHdrs, headers as natsHeaders } from "@nats-io/nats-core";
import { ConfigError, DecodeError, type Headers, type HeadersInit, noHeaders } from "@natsflux/core";
import { headerProblem, isHeaderPairs, utf8Length } from "@natsflux/core/internal";

/** A bound on the encoded header block, for receivers stricter than the connection (a JetStream stream). */
export interface HeaderLimit {
  readonly bytes: number;
  /** Completes "N bytes of headers, more than the <bytes> <holder>", e.g. "a JetStream stream stores". */
  readonly holder: string;
}

// "NATS/1.0\r\n" before the headers and "\r\n" after them.
const headerBlockFraming = 12;

/**
 * Builds NATS headers with keys exactly as given: nats.js `set` keeps the case (only `Match.CanonicalMIME`
 * would rewrite it), so `ce-id` stays `ce-id` on the wire. Returns undefined for no headers, so the
 * message goes out as a plain PUB. A header NATS cannot carry (core's `headerProblem`: empty or
 * non-printable names, ':' in a name, CR/LF in a value, a value that is not a string) is a ConfigError
 * naming the header, before anything is sent, and so is a header block over `limit`. A record is read in
 * place, not copied. Note that nats.js trims leading and trailing whitespace from values.
 */
export function toNatsHeaders(init: HeadersInit | undefined, limit?: HeaderLimit): MsgHdrs | undefined {
  if (init === undefined) return undefined;
  let out: MsgHdrs | undefined;
  // UTF-16 units plus ": " and "\r\n" per header: exact bytes are counted only when they could exceed the limit.
  let units = headerBlockFraming;
  if (isHeaderPairs(init)) {
    for (const [key, value] of init) {
      out ??= natsHeaders();
      setHeader(out, key, value);
      units += key.length + value.length + 4;
    }
  } else {
    for (const key in init) {
      if (!Object.hasOwn(init, key)) continue;
      out ??= natsHeaders();
      const value = init[key] as string;
      setHeader(out, key, value);
      units += key.length + value.length + 4;
    }
  }
  if (limit !== undefined && out !== undefined && units * 3 > limit.bytes) checkBlockSize(out, limit);
  return out;
}

/**
 * The headers of a received message as the exact-case record of core `Message.headers`: the first value of
 * a repeated key wins (nats.js keeps one entry per key, values in arrival order). nats.js parses them
 * lazily and throws on a key it considers invalid (a foreign client can send one; the server does not
 * check): that is a DecodeError for this message, not a crash.
 */
export function headersOf(msg: { readonly headers?: MsgHdrs | undefined }, subject: string): Headers {
  let parsed: MsgHdrs | undefined;
  try {
    parsed = msg.headers;
  } catch (error) {
    throw new DecodeError("nats-headers", subject, error);
  }
  if (parsed === undefined) return noHeaders();
  let out: Record<string, string> | undefined;
  for (const [key, values] of parsed) {
    const first = values[0];
    if (first === undefined) continue;
    out ??= {};
    out[key] = first;
  }
  return out ?? noHeaders();
}

function setHeader(target: MsgHdrs, key: string, value: string): void {
  // nats.js checks names and values itself (set throws); these two it would let through.
  if (key.length === 0 || typeof value !== "string") refuse(key, value);
  try {
    target.set(key, value);
  } catch (error) {
    refuse(key, value, error);
  }
}

function refuse(key: string, value: unknown, cause?: unknown): never {
  const problem =
    headerProblem(key, value) ?? (cause instanceof Error ? cause.message : "NATS cannot carry this header");
  throw new ConfigError(`headers[${JSON.stringify(key)}]`, problem, cause);
}

function checkBlockSize(hdrs: MsgHdrs, limit: HeaderLimit): void {
  let bytes = headerBlockFraming;
  for (const [key, values] of hdrs) {
    for (const value of values) bytes += utf8Length(key) + utf8Length(value) + 4;
  }
  if (bytes > limit.bytes) {
    throw new ConfigError(
      "headers",
      `${bytes} bytes of headers, more than the ${limit.bytes} ${limit.holder}`,
    );
  }
}
