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
import { isHeaderPairs, utf8Length } from "@natsflux/core/internal";

// A stream refuses a message whose header block exceeds 65,535 bytes (an error reply, after the round trip).
const maxStoredHeaderBytes = 65_535;
// "NATS/1.0\r\n" before the headers and "\r\n" after them.
const headerBlockFraming = 12;

/**
 * NATS headers from a natsflux header input, keys kept exactly as given (NATS keys are case-sensitive). A key or
 * value nats.js refuses (':' or non-printable ASCII in a name, CR/LF in a value), or headers over the 64 KiB a
 * stream stores, are a ConfigError naming the header(s), before anything is sent.
 */
export function toMsgHdrs(init: HeadersInit | Readonly<Record<string, string>>): MsgHdrs | undefined {
  // A plain record is read in place: the facade passes one per message, and copying it first was pure cost.
  const record = isHeaderPairs(init) ? toHeaderRecord(init) : init;
  let out: MsgHdrs | undefined;
  let units = headerBlockFraming;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    out ??= natsHeaders();
    const value = record[key] as string;
    // UTF-16 units plus ": " and "\r\n"; bytes are counted only when the units could exceed the limit.
    units += key.length + value.length + 4;
    try {
      out.set(key, value);
    } catch (error) {
      throw new ConfigError(
        `headers[${JSON.stringify(key)}]`,
        `NATS cannot carry this header: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
  }
  if (units * 3 > maxStoredHeaderBytes) checkHeaderBytes(record);
  return out;
}

function checkHeaderBytes(record: Readonly<Record<string, string>>): void {
  let bytes = headerBlockFraming;
  for (const key in record) {
    if (Object.hasOwn(record, key)) bytes += utf8Length(key) + utf8Length(record[key] as string) + 4;
  }
  if (bytes > maxStoredHeaderBytes) {
    throw new ConfigError(
      "headers",
      `${bytes} bytes of headers, more than the ${maxStoredHeaderBytes} a JetStream stream stores with a message`,
    );
  }
}

/** A frozen record of received headers; when a key repeats, the first value is kept. */
function fromMsgHdrs(hdrs: MsgHdrs | undefined): Headers {
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
