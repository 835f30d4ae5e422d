import type { MsgHdrs } from "@nats-io/nats-core";
import type { HeadersInit } from "@natsflux/core";
import { type HeaderLimit, toNatsHeaders } from "@natsflux/transport-nats/adapter";

// A stream refuses a message whose header block exceeds 65,535 bytes (an error reply, after the round trip).
const storedHeaderLimit: HeaderLimit = {
  bytes: 65_535,
  holder: "a JetStream stream stores with a message",
};

/**
 * NATS headers for a message a stream will store: the NATS adapter's conversion (a header NATS cannot carry
 * is a ConfigError naming it), bounded by what a stream stores (more is a ConfigError before anything is sent).
 */
export function toMsgHdrs(init: HeadersInit | Readonly<Record<string, string>>): MsgHdrs | undefined {
  return toNatsHeaders(init, storedHeaderLimit);
}
