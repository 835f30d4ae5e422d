import type { Codec, Message } from "@natsflux/core";
import { decodeWith } from "@natsflux/core/internal";
import type { BrokerMessage } from "./broker-types.js";

/** Decodes a delivered message; throws DecodeError instead of handing garbage to a handler. */
export function toMessage<T>(raw: BrokerMessage, codec: Codec<T>): Message<T> {
  return {
    subject: raw.subject,
    payload: decodeWith(codec, raw.data, raw.subject),
    headers: raw.headers,
    reply: raw.reply,
    data: raw.data,
  };
}
