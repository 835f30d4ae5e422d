import type { JsMsg } from "@nats-io/jetstream";
import type { Headers, Message, StreamDelivery } from "@natsflux/core";
import { headersOf } from "@natsflux/transport-nats/adapter";
import { toStreamDelivery } from "./stream-delivery.js";

/**
 * The read-only view of a received JetStream message (what an ordered consumer yields); `JetStreamMessage`
 * adds acknowledgement to it.
 * Headers and delivery info are parsed on first use: a handler that never reads them never pays for them.
 */
export class ReadOnlyJetStreamMessage<T> implements Message<T> {
  readonly payload: T;
  protected readonly msg: JsMsg;
  #headers: Headers | undefined;
  #info: StreamDelivery | undefined;

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

  get info(): StreamDelivery {
    this.#info ??= toStreamDelivery(this.msg);
    return this.#info;
  }
}
