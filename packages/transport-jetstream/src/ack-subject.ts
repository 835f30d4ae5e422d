import type { DeliveryInfo } from "@nats-io/jetstream";
import { AckSubjectError } from "./ack-subject-error.js";

/*
 * The ack subject of a delivered message carries its delivery info (ADR-15), in one of two layouts:
 *   v1, 9 tokens:          $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<timestamp ns>.<pending>
 *   v2, 11 tokens or more: $JS.ACK.<domain>.<account hash>.<stream>... as in v1; later tokens may be appended.
 * A v2 domain of "_" means no domain.
 */
const v1Tokens = 9;
const v2Tokens = 11;
const v1StreamIndex = 2;
const v2StreamIndex = 4;
const noDomain = "_";

/** Delivery info from a JetStream ack subject; a malformed one is an AckSubjectError saying what is wrong. */
export function parseAckSubject(ackSubject: string, subject?: string): DeliveryInfo {
  const tokens = ackSubject.split(".");
  const fail = (reason: string) => new AckSubjectError(ackSubject, reason, subject);
  const at = streamIndex(tokens, fail);
  const deliveryCount = decimal(tokens[at + 2], "delivery count", fail);
  const info: DeliveryInfo = {
    domain: "",
    stream: word(tokens[at], "stream", fail),
    consumer: word(tokens[at + 1], "consumer", fail),
    deliveryCount,
    streamSequence: decimal(tokens[at + 3], "stream sequence", fail),
    deliverySequence: decimal(tokens[at + 4], "consumer sequence", fail),
    timestampNanos: decimal(tokens[at + 5], "timestamp", fail),
    pending: decimal(tokens[at + 6], "pending count", fail),
    redelivered: deliveryCount > 1,
  };
  if (at === v2StreamIndex) {
    const domain = word(tokens[2], "domain", fail);
    info.domain = domain === noDomain ? "" : domain;
    info.account_hash = word(tokens[3], "account hash", fail);
  }
  return info;
}

/**
 * The exact delivery timestamp (as a number, nanoseconds since 1970 lose their last digits). Only for a
 * subject `parseAckSubject` accepted: the other tokens are not checked again.
 */
export function ackTimestampNanos(ackSubject: string): bigint {
  const tokens = ackSubject.split(".");
  const at = tokens.length === v1Tokens ? v1StreamIndex : v2StreamIndex;
  return BigInt(tokens[at + 5] as string);
}

type Fail = (reason: string) => AckSubjectError;

function streamIndex(tokens: readonly string[], fail: Fail): number {
  if (tokens[0] !== "$JS" || tokens[1] !== "ACK") throw fail('it does not start with "$JS.ACK."');
  if (tokens.length === v1Tokens) return v1StreamIndex;
  if (tokens.length >= v2Tokens) return v2StreamIndex;
  throw fail(`it has ${tokens.length} tokens, expected ${v1Tokens} (v1) or at least ${v2Tokens} (v2)`);
}

function word(token: string | undefined, what: string, fail: Fail): string {
  if (token === undefined || token === "") throw fail(`its ${what} token is empty`);
  return token;
}

// Checks for decimal digits only, as Number() would also accept " 1", "1e3" or "0x1f"; then lets Number() convert,
// which rounds a number past 2^53 (a timestamp) correctly.
function decimal(token: string | undefined, what: string, fail: Fail): number {
  if (token === undefined || token === "") throw fail(`its ${what} token is empty`);
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 48 || code > 57) throw fail(`its ${what} token "${token}" is not a decimal number`);
  }
  return Number(token);
}
