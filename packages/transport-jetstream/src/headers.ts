import type { JsMsg } from "@nats-io/jetstream";
import { type MsgHdrs, headers as natsHeaders } from "@nats-io/nats-core";
import {
  ConfigError,
  DecodeError,
  type Headers,
  type HeadersInit,
  noHeaders,
  toHeaderRecord,
} from "@natsflux/core";
import { isHeaderPairs } from "@natsflux/core/internal";

/**
 * NATS headers from a natsflux header input, keys kept exactly as given (NATS keys are case-sensitive). A key or
 * value nats.js refuses (':' or non-printable ASCII in a name, CR/LF in a value) is a ConfigError naming the
 * header, before anything is sent.
 */
export function toMsgHdrs(init: HeadersInit | Readonly<Record<string, string>>): MsgHdrs | undefined {
  // A plain record is read in place: the facade passes one per message, and copying it first was pure cost.
  const record = isHeaderPairs(init) ? toHeaderRecord(init) : init;
  let out: MsgHdrs | undefined;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    out ??= natsHeaders();
    try {
      out.set(key, record[key] as string);
    } catch (error) {
      throw new ConfigError(
        `headers[${JSON.stringify(key)}]`,
        `NATS cannot carry this header: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
  }
  return out;
}

/** A frozen record of received headers; when a key repeats, the first value is kept. */
export function fromMsgHdrs(hdrs: MsgHdrs | undefined): Headers {
  if (hdrs === undefined) return noHeaders();
  const out: Record<string, string> = {};
  for (const [key, values] of hdrs) {
    if (values.length > 0 && !(key in out)) out[key] = values[0] as string;
  }
  return Object.freeze(out);
}

/**
 * The headers of a received message. nats.js parses them lazily and throws on a key it considers invalid, which a
 * foreign client can store (the server does not check): that is a DecodeError for this message, so the retry
 * policy terminates it as poison instead of redelivering it forever.
 */
export function headersOfMsg(msg: JsMsg): Headers {
  let parsed: MsgHdrs | undefined;
  try {
    parsed = msg.headers;
  } catch (error) {
    throw new DecodeError("nats-headers", msg.subject, error);
  }
  return fromMsgHdrs(parsed);
}
