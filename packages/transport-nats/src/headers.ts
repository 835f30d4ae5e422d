import { type Msg, type MsgHdrs, headers as natsHeaders } from "@nats-io/nats-core";
import { ConfigError, DecodeError, type Headers, type HeadersInit, noHeaders } from "@natsflux/core";
import { isHeaderPairs } from "@natsflux/core/internal";

/**
 * Builds NATS headers with keys exactly as given: nats.js `set` keeps the case (only `Match.CanonicalMIME`
 * would rewrite it), so `ce-id` stays `ce-id` on the wire. Returns undefined for no headers, so the
 * message goes out as a plain PUB. nats.js refuses keys outside ASCII 33-126 or with ':' and values with
 * CR/LF; that becomes a ConfigError naming the header, before anything is sent. Note that nats.js trims
 * leading and trailing whitespace from values.
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
    for (const key of Object.keys(init)) {
      out ??= natsHeaders();
      setHeader(out, key, init[key] as string);
    }
  }
  return out;
}

/**
 * NATS headers as the exact-case record of core `Message.headers`: the first value of a repeated key wins.
 * A header block nats.js cannot parse is a DecodeError for the message, not a crash.
 */
export function headersOf(msg: Msg, subject: string): Headers {
  let parsed: MsgHdrs | undefined;
  try {
    // nats.js parses headers lazily in this getter and throws on keys it considers invalid.
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
  const field = `headers[${JSON.stringify(key)}]`;
  if (key.length === 0) throw new ConfigError(field, "header names must not be empty");
  if (typeof value !== "string")
    throw new ConfigError(field, `header values must be strings, got ${typeof value}`);
  try {
    target.set(key, value);
  } catch (error) {
    const problem = validName(key)
      ? "header values must not contain CR or LF"
      : "header names may only contain printable ASCII (33-126) except ':'";
    throw new ConfigError(field, problem, error);
  }
}

function validName(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 33 || c > 126 || c === 58) return false;
  }
  return true;
}
