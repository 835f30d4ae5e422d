import type { Msg, NatsConnection } from "@nats-io/nats-core";
import {
  type Codec,
  type Handler,
  type HandlerContext,
  type Message,
  type MessageStream,
  noopTelemetry,
  type StreamOptions,
  type Subscriber,
  type Subscription,
  type Telemetry,
} from "@natsflux/core";
import {
  type OpenPush,
  PushSubscriptions,
  throwIfAborted,
  validMaxControlLine,
  validSubscription,
} from "@natsflux/core/internal";
import { headersOf } from "./headers.js";
import { literalSubjectOf, type NatsMessage, toMessage } from "./nats-message.js";
import { openNatsSubscription } from "./nats-subscription.js";
import type { NatsSubscribeOptions, NatsSubscriberOptions } from "./options.js";

/**
 * Receives typed messages from Core NATS subjects (with `*` and `>` wildcards and queue groups) on a
 * connection the caller owns: closing the subscriber drains its subscriptions, never the connection.
 *
 * Core NATS has no flow control, so each subscription bounds what it holds (`bufferSize`: 65536 for handlers,
 * 256 for `messages()`) and drops beyond it, reporting `slow_consumer` with the count.
 * A message that cannot be decoded is dropped and reported as `handler_error` with a DecodeError; a
 * throwing handler is reported the same way and the subscription carries on.
 */
export class NatsSubscriber<T> implements Subscriber<T, Message<T>, string, NatsSubscribeOptions> {
  readonly #nc: NatsConnection;
  readonly #codec: Codec<T>;
  readonly #telemetry: Telemetry;
  readonly #subscriptions = new PushSubscriptions("subscriber");
  readonly #maxControlLine: number;

  constructor(nc: NatsConnection, codec: Codec<T>, options: NatsSubscriberOptions = {}) {
    this.#nc = nc;
    this.#codec = codec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
    this.#maxControlLine = validMaxControlLine(options.maxControlLine);
  }

  async subscribe(
    subject: string,
    handler: Handler<T, Message<T>>,
    options: NatsSubscribeOptions = {},
  ): Promise<Subscription> {
    const queue = this.#check(subject, options);
    return this.#subscriptions.handle(
      subject,
      options,
      this.#processor(handler, subject, queue),
      this.#open(subject, queue, options),
    );
  }

  async messages(
    subject: string,
    options: NatsSubscribeOptions & StreamOptions = {},
  ): Promise<MessageStream<Message<T>>> {
    const queue = this.#check(subject, options);
    const codec = this.#codec;
    const literal = literalSubjectOf(subject);
    return this.#subscriptions.stream<Msg, NatsMessage<T>>(
      subject,
      options,
      (msg) => toMessage(msg, codec, undefined, literal),
      this.#open(subject, queue, options),
    );
  }

  /** Drains every subscription this subscriber started. The connection stays open. Idempotent. */
  close(): Promise<void> {
    return this.#subscriptions.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Checks what nats.js would send unchecked; returns the queue group. */
  #check(subject: string, options: NatsSubscribeOptions): string | undefined {
    this.#subscriptions.assertOpen();
    const queue = validSubscription(subject, options.queue, this.#maxControlLine);
    throwIfAborted(options.signal, `subscription to "${subject}"`);
    return queue;
  }

  #open(subject: string, queue: string | undefined, options: NatsSubscribeOptions): OpenPush<Msg> {
    return (target) => openNatsSubscription(this.#nc, { subject, queue, onStatus: options.onStatus }, target);
  }

  /** The per-message work: decode, then the handler (inside the telemetry hook unless it is the no-op). */
  #processor(
    handler: Handler<T, Message<T>>,
    subscribed: string,
    queue: string | undefined,
  ): (msg: Msg, context: HandlerContext) => void | Promise<void> {
    const codec = this.#codec;
    const telemetry = this.#telemetry;
    const literal = literalSubjectOf(subscribed);
    if (telemetry === noopTelemetry) {
      // A DecodeError thrown here is reported by the dispatcher as handler_error; the message is dropped.
      return (msg, context) => handler(toMessage(msg, codec, undefined, literal), context);
    }
    return (msg, context) => {
      const subject = literal ?? msg.subject;
      const headers = headersOf(msg, subject);
      return telemetry.process(
        { system: "nats", subject, headers, bodySize: msg.data.length, consumerGroup: queue },
        async () => {
          await handler(toMessage(msg, codec, headers, subject), context);
        },
      );
    };
  }
}
