import type { JsMsg } from "@nats-io/jetstream";
import type { DeliveryInfo, Headers, Message } from "@natsflux/core";
import { headersOfMsg } from "./headers.js";
import { toDeliveryInfo } from "./message.js";

/** A message replayed by an ordered consumer: in stream order, with its stream sequence; nothing to ack. */
export interface OrderedMessage<T> extends Message<T> {
  readonly info: DeliveryInfo;
}

export class OrderedJetStreamMessage<T> implements OrderedMessage<T> {
  readonly payload: T;
  readonly #msg: JsMsg;
  #headers: Headers | undefined;
  #info: DeliveryInfo | undefined;

  constructor(msg: JsMsg, payload: T) {
    this.#msg = msg;
    this.payload = payload;
  }

  get subject(): string {
    return this.#msg.subject;
  }

  get data(): Uint8Array {
    return this.#msg.data;
  }

  get reply(): string | undefined {
    return undefined;
  }

  get headers(): Headers {
    this.#headers ??= headersOfMsg(this.#msg);
    return this.#headers;
  }

  get info(): DeliveryInfo {
    this.#info ??= toDeliveryInfo(this.#msg);
    return this.#info;
  }
}
