import type { MsgHdrs } from "@nats-io/nats-core";
import { ConfigError, type HeadersInit, toHeaderRecord } from "@natsflux/core";
import { isHeaderPairs, utf8Length } from "@natsflux/core/internal";
import { toNatsHeaders } from "@natsflux/transport-nats/adapter";

// A stream refuses a message whose header block exceeds 65,535 bytes (an error reply, after the round trip).
const maxStoredHeaderBytes = 65_535;
// "NATS/1.0\r\n" before the headers and "\r\n" after them.
const headerBlockFraming = 12;

/**
 * NATS headers for a message a stream will store: the NATS adapter's conversion (a header NATS cannot carry
 * is a ConfigError naming it), plus the stream's limit: headers over the 64 KiB a stream stores are a
 * ConfigError before anything is sent.
 */
export function toMsgHdrs(init: HeadersInit | Readonly<Record<string, string>>): MsgHdrs | undefined {
  // Pairs become a record first: an iterable may be one-shot, and the size is counted after the conversion.
  const record = isHeaderPairs(init) ? toHeaderRecord(init) : init;
  const out = toNatsHeaders(record);
  if (out !== undefined) checkHeaderSize(record);
  return out;
}

function checkHeaderSize(record: Readonly<Record<string, string>>): void {
  // UTF-16 units plus ": " and "\r\n"; bytes are counted only when the units could exceed the limit.
  let units = headerBlockFraming;
  for (const key in record) {
    if (Object.hasOwn(record, key)) units += key.length + (record[key] as string).length + 4;
  }
  if (units * 3 <= maxStoredHeaderBytes) return;
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
