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
const numericFields = [
  "delivery count",
  "stream sequence",
  "consumer sequence",
  "timestamp",
  "pending count",
];

/**
 * Delivery info from a JetStream ack subject; a malformed one is an AckSubjectError saying what is wrong.
 * Parsed for consumed messages that are asked for it: checks are cheap, and only a failure is explained.
 */
export function parseAckSubject(ackSubject: string, subject?: string): DeliveryInfo {
  const tokens = ackSubject.split(".");
  const at = streamIndex(tokens);
  const stream = tokens[at] as string;
  const consumer = tokens[at + 1] as string;
  const deliveryCount = decimal(tokens[at + 2]);
  const streamSequence = decimal(tokens[at + 3]);
  const deliverySequence = decimal(tokens[at + 4]);
  const timestampNanos = decimal(tokens[at + 5]);
  const pending = decimal(tokens[at + 6]);
  if (
    at < 0 ||
    stream === "" ||
    consumer === "" ||
    deliveryCount < 0 ||
    streamSequence < 0 ||
    deliverySequence < 0 ||
    timestampNanos < 0 ||
    pending < 0 ||
    (at === v2StreamIndex && (tokens[2] === "" || tokens[3] === ""))
  ) {
    throw explain(tokens, ackSubject, subject);
  }
  const info: DeliveryInfo = {
    domain: "",
    stream,
    consumer,
    deliveryCount,
    streamSequence,
    deliverySequence,
    timestampNanos,
    pending,
    redelivered: deliveryCount > 1,
  };
  if (at === v2StreamIndex) {
    const domain = tokens[2] as string;
    info.domain = domain === noDomain ? "" : domain;
    info.account_hash = tokens[3] as string;
  }
  return info;
}

/**
 * The exact delivery timestamp (as a number, nanoseconds since 1970 lose their last digits). Only for a
 * subject `parseAckSubject` accepted: nothing is checked again.
 */
export function ackTimestampNanos(ackSubject: string): bigint {
  const tokens = ackSubject.split(".");
  return BigInt(tokens[streamIndex(tokens) + 5] as string);
}

/** Index of the stream token (2 in v1, 4 in v2), or -1 when the prefix or the token count is wrong. */
function streamIndex(tokens: readonly string[]): number {
  if (tokens[0] !== "$JS" || tokens[1] !== "ACK") return -1;
  if (tokens.length === v1Tokens) return v1StreamIndex;
  if (tokens.length >= v2Tokens) return v2StreamIndex;
  return -1;
}

/** The value of a token of decimal digits only (Number() also takes " 1", "1e3", "0x1f"), else -1. */
function decimal(token: string | undefined): number {
  if (token === undefined || token === "") return -1;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
  }
  // Number() rounds a value past 2^53 (a timestamp) correctly.
  return Number(token);
}

/** The first thing wrong with a subject `parseAckSubject` refused. */
function explain(
  tokens: readonly string[],
  ackSubject: string,
  subject: string | undefined,
): AckSubjectError {
  const fail = (reason: string) => new AckSubjectError(ackSubject, reason, subject);
  if (tokens[0] !== "$JS" || tokens[1] !== "ACK") return fail('it does not start with "$JS.ACK."');
  const at = streamIndex(tokens);
  if (at < 0) {
    return fail(`it has ${tokens.length} tokens, expected ${v1Tokens} (v1) or at least ${v2Tokens} (v2)`);
  }
  const words: Array<[number, string]> = [
    [at, "stream"],
    [at + 1, "consumer"],
  ];
  for (const [index, what] of words) if (tokens[index] === "") return fail(`its ${what} token is empty`);
  for (let i = 0; i < numericFields.length; i++) {
    const token = tokens[at + 2 + i] as string;
    if (token === "") return fail(`its ${numericFields[i]} token is empty`);
    if (decimal(token) < 0) return fail(`its ${numericFields[i]} token "${token}" is not a decimal number`);
  }
  if (tokens[2] === "") return fail("its domain token is empty");
  return fail("its account hash token is empty");
}
