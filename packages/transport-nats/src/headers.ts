import { type MsgHdrs, headers as natsHeaders } from "@nats-io/nats-core";
import { ConfigError, DecodeError, type Headers, type HeadersInit, noHeaders } from "@natsflux/core";
import { headerProblem, isHeaderPairs } from "@natsflux/core/internal";

/**
 * Builds NATS headers with keys exactly as given: nats.js `set` keeps the case (only `Match.CanonicalMIME`
 * would rewrite it), so `ce-id` stays `ce-id` on the wire. Returns undefined for no headers, so the
 * message goes out as a plain PUB. A header NATS cannot carry (core's `headerProblem`: empty or
 * non-printable names, ':' in a name, CR/LF in a value, a value that is not a string) is a ConfigError
 * naming the header, before anything is sent. A record is read in place, not copied. Note that nats.js
 * trims leading and trailing whitespace from values.
 */
export function toNatsHeaders(init: HeadersInit | undefined): MsgHdrs | undefined {
  if (init === undefined) return undefined;
  let out: MsgHdrs | undefined;
  if (isHeaderPairs(init)) {
    for (const [key, value] of init) {
      out ??= natsHeaders();
      setHeader(out, key, value);
    }
  } else {
    for (const key in init) {
      if (!Object.hasOwn(init, key)) continue;
      out ??= natsHeaders();
      setHeader(out, key, init[key] as string);
    }
  }
  return out;
}

/**
 * The headers of a received message as the exact-case record of core `Message.headers`: the first value of
 * a repeated key wins (nats.js keeps one entry per key, values in arrival order). nats.js parses them lazily and throws on a key it considers invalid (a foreign client
 * can send one; the server does not check): that is a DecodeError for this message, not a crash.
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
