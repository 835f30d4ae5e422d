import { ConfigError } from "../errors/operation-errors.js";

// NATS subjects as nats-server takes them: tokens separated by ".", none empty, no whitespace. `*` (one token)
// and `>` (the rest, last token only) are wildcards as whole tokens in a subscription, and make no sense in a
// published subject (a message has one concrete subject). Elsewhere they are literal characters.
//
// nats-server also caps a protocol line (PUB, HPUB, SUB without the verb) at its max_control_line, 4096 bytes
// unless configured otherwise, and does not advertise the value in INFO. A longer line makes it close the
// whole connection, failing every request in flight on it, so a subject that cannot fit is refused here.

/** nats-server's default `max_control_line`, in bytes. */
export const defaultMaxControlLine = 4096;

// A control line holds, besides the subject and the reply subject or queue group: the separators and up to
// two decimal sizes (HPUB: header and total size) or a subscription id. 24 bytes cover 10 digits each.
const protocolOverhead = 24;

const whitespace = /\s/;
// Empty, whitespace, an empty token.
const malformed = /^$|\s|^\.|\.$|\.\./;
// The same plus a wildcard token, or a `>` token before the last: one test on the hot path, the slow path
// then tells which rule was broken.
const badPublish = /^$|\s|^\.|\.$|\.\.|(?:^|\.)[*>](?:\.|$)/;
const badSubscribe = /^$|\s|^\.|\.$|\.\.|(?:^|\.)>\./;

/**
 * Checks a subject a message is sent to: well formed, without wildcard tokens, and short enough that its
 * control line fits `maxControlLine` next to `reservedBytes` (the reply inbox of a request). Throws a
 * `ConfigError` for `field` otherwise.
 */
export function validPublishSubject(
  subject: string,
  field = "subject",
  reservedBytes = 0,
  maxControlLine = defaultMaxControlLine,
): string {
  if (typeof subject !== "string" || badPublish.test(subject)) {
    if (typeof subject !== "string" || malformed.test(subject)) throw malformedSubject(field, subject);
    throw new ConfigError(
      field,
      `cannot send to a wildcard subject ("*" or ">" as a token), got ${quote(subject)}`,
    );
  }
  checkLength(subject, field, reservedBytes, maxControlLine, "the reply inbox");
  return subject;
}

/**
 * Checks a subscription subject: well formed, `>` only as the last token, and short enough that the SUB
 * line fits `maxControlLine` next to `reservedBytes` (the queue group). Throws a `ConfigError` otherwise.
 */
export function validSubscribeSubject(
  subject: string,
  field = "subject",
  reservedBytes = 0,
  maxControlLine = defaultMaxControlLine,
): string {
  if (typeof subject !== "string" || badSubscribe.test(subject)) {
    if (typeof subject !== "string" || malformed.test(subject)) throw malformedSubject(field, subject);
    throw new ConfigError(field, `">" may only be the last token, got ${quote(subject)}`);
  }
  checkLength(subject, field, reservedBytes, maxControlLine, "the queue group");
  return subject;
}

/**
 * Checks what a SUB line carries, the subject and the queue group (if any), together against
 * `maxControlLine`. Returns the queue group.
 */
export function validSubscription(
  subject: string,
  queue: string | undefined,
  maxControlLine = defaultMaxControlLine,
): string | undefined {
  if (queue !== undefined) validQueueName(queue);
  validSubscribeSubject(subject, "subject", queue === undefined ? 0 : utf8Length(queue), maxControlLine);
  return queue;
}

/**
 * Checks a queue group name: non-empty, without whitespace, which would split the SUB line. nats-server takes
 * any other name (`a..b` included, checked on 2.9.10 and 2.15.2).
 */
export function validQueueName(queue: string, field = "queue"): string {
  if (typeof queue !== "string" || queue.length === 0 || whitespace.test(queue)) {
    throw new ConfigError(
      field,
      `must be a non-empty queue group name without whitespace, got ${quote(queue)}`,
    );
  }
  return queue;
}

/** A `maxControlLine` option: the server's setting, in bytes, or the server default when absent. */
export function validMaxControlLine(value: number | undefined, field = "maxControlLine"): number {
  if (value === undefined) return defaultMaxControlLine;
  if (!Number.isInteger(value) || value <= protocolOverhead) {
    throw new ConfigError(field, `must be an integer > ${protocolOverhead} (bytes), got ${value}`);
  }
  return value;
}

/**
 * Bytes of the reply subject nats.js puts on a request (and on a JetStream publish, which is one):
 * `{inboxPrefix}.{22-character nuid}.{8-character token}`.
 */
export function replyInboxBytes(inboxPrefix: string | undefined): number {
  return utf8Length(inboxPrefix || "_INBOX") + 32;
}

/** The UTF-8 size of `text` in bytes (the protocol counts bytes, JavaScript counts UTF-16 units). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 2 units and 4 bytes; any other unit above 0x7ff is 3 bytes, above 0x7f 2 bytes.
    if (code > 0x7f) bytes += code > 0x7ff && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

function checkLength(
  subject: string,
  field: string,
  reservedBytes: number,
  maxControlLine: number,
  reservedFor: string,
): void {
  const room = maxControlLine - protocolOverhead - reservedBytes;
  // A UTF-16 unit is at most 3 UTF-8 bytes: most subjects are cleared without counting bytes.
  if (subject.length * 3 <= room) return;
  const bytes = utf8Length(subject);
  if (bytes <= room) return;
  const besides = reservedBytes > 0 ? ` next to ${reservedFor} (${reservedBytes} bytes)` : "";
  throw new ConfigError(
    field,
    `subject ${quote(subject)} is ${bytes} bytes, too long for the server's max_control_line of ${maxControlLine} bytes: at most ${Math.max(room, 0)} bytes fit${besides}`,
  );
}

function malformedSubject(field: string, subject: unknown): ConfigError {
  return new ConfigError(
    field,
    `must be a non-empty NATS subject without whitespace or empty tokens, got ${quote(subject)}`,
  );
}

// Long subjects are cut in messages: an error is read by people and shipped to logs.
function quote(value: unknown): string {
  if (typeof value !== "string") return String(value);
  return value.length > 80 ? `${JSON.stringify(value.slice(0, 64))}…` : JSON.stringify(value);
}
