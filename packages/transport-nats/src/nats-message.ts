import type { Msg } from "@nats-io/nats-core";
import { MsgImpl } from "@nats-io/nats-core/internal";
import type { Codec, Headers, Message } from "@natsflux/core";
import { decodeWith } from "@natsflux/core/internal";
import { headersOf } from "./headers.js";

/**
 * A received Core NATS message. Plain own fields (no getters), so it can be spread, compared and logged
 * like any object; `reply` is undefined rather than nats.js's empty string when no answer is expected.
 */
export class NatsMessage<T> implements Message<T> {
  readonly subject: string;
  readonly payload: T;
  readonly headers: Headers;
  readonly reply: string | undefined;
  readonly data: Uint8Array;

  constructor(subject: string, payload: T, headers: Headers, reply: string | undefined, data: Uint8Array) {
    this.subject = subject;
    this.payload = payload;
    this.headers = headers;
    this.reply = reply;
    this.data = data;
  }
}

/**
 * Decodes a nats.js message; throws DecodeError (headers or payload) instead of delivering garbage.
 * `literalSubject` is the subscription's subject when it has no wildcard: every message then carries
 * exactly that subject, and reusing the string saves nats.js a UTF-8 decode per message.
 */
export function toMessage<T>(
  msg: Msg,
  codec: Codec<T>,
  headers?: Headers,
  literalSubject?: string,
): NatsMessage<T> {
  const subject = literalSubject ?? msg.subject;
  const data = msg.data;
  const hdrs = headers ?? headersOf(msg, subject);
  return new NatsMessage(subject, decodeWith(codec, data, subject), hdrs, replyOf(msg), data);
}

/**
 * The reply subject, or undefined. nats.js decodes the reply bytes on every `reply` read when there are
 * none (its cache test treats "" as missing); its parser leaves them undefined then, which we check first.
 */
function replyOf(msg: Msg): string | undefined {
  if (msg instanceof MsgImpl && msg._msg.reply === undefined) return undefined;
  return msg.reply || undefined;
}

/** The subscription subject when every message will carry it verbatim (no `*` or `>` tokens). */
export function literalSubjectOf(subject: string): string | undefined {
  return subject.includes("*") || subject.includes(">") ? undefined : subject;
}
