import type { JsMsg } from "@nats-io/jetstream";
import type { DeliveryInfo, Headers, Message } from "@natsflux/core";
import { headersOf } from "@natsflux/transport-nats/adapter";
import { toDeliveryInfo } from "./delivery-info.js";

/** A message replayed by an ordered consumer: in stream order, with its stream sequence; nothing to ack. */
export interface OrderedMessage<T> extends Message<T> {
  readonly info: DeliveryInfo;
}

/**
 * The read-only view of a received JetStream message; `JetStreamMessage` adds acknowledgement to it.
 * Headers and delivery info are parsed on first use: a handler that never reads them never pays for them.
 */
export class OrderedJetStreamMessage<T> implements OrderedMessage<T> {
  readonly payload: T;
  protected readonly msg: JsMsg;
  #headers: Headers | undefined;
  #info: DeliveryInfo | undefined;

  /** `headers`: already parsed by the subscriber (for telemetry), so they are not parsed twice. */
  constructor(msg: JsMsg, payload: T, headers?: Headers) {
    this.msg = msg;
    this.payload = payload;
    this.#headers = headers;
  }

  get subject(): string {
    return this.msg.subject;
  }

  get data(): Uint8Array {
    return this.msg.data;
  }

  /** JetStream does not store reply subjects; the message's own reply is its ack subject, which is internal. */
  get reply(): string | undefined {
    return undefined;
  }

  get headers(): Headers {
    this.#headers ??= headersOf(this.msg, this.msg.subject);
    return this.#headers;
  }

  get info(): DeliveryInfo {
    this.#info ??= toDeliveryInfo(this.msg);
    return this.#info;
  }
}
