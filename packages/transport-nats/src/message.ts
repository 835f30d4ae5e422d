import type { Msg } from "@nats-io/nats-core";
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

/** Decodes a nats.js message; throws DecodeError (headers or payload) instead of delivering garbage. */
export function toMessage<T>(msg: Msg, codec: Codec<T>, headers?: Headers): NatsMessage<T> {
  const subject = msg.subject;
  const data = msg.data;
  const hdrs = headers ?? headersOf(msg, subject);
  return new NatsMessage(subject, decodeWith(codec, data, subject), hdrs, msg.reply || undefined, data);
}
