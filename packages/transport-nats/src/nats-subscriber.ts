import type { Msg, NatsConnection } from "@nats-io/nats-core";
import {
  ClosedError,
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
  DispatchSubscription,
  DropReporter,
  LiveSubscriptions,
  notify,
  Once,
  StreamSubscription,
  throwIfAborted,
  validConcurrency,
  validCount,
  validMaxControlLine,
  validSubscription,
} from "@natsflux/core/internal";
import { headersOf } from "./headers.js";
import { literalSubjectOf, type NatsMessage, toMessage } from "./nats-message.js";
import { failWith, openNatsSubscription } from "./nats-subscription.js";
import {
  defaultHandlerBufferSize,
  type NatsSubscribeOptions,
  type NatsSubscriberOptions,
} from "./options.js";

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
  readonly #live = new LiveSubscriptions();
  readonly #once = new Once();
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
    this.#assertOpen();
    const queue = validSubscription(subject, options.queue, this.#maxControlLine);
    const bufferSize = validCount("bufferSize", options.bufferSize, defaultHandlerBufferSize);
    validConcurrency(options.concurrency);
    throwIfAborted(options.signal, `subscription to "${subject}"`);

    const drops = new DropReporter(subject, options.onStatus);
    const subscription = new DispatchSubscription<Msg>(this.#processor(handler, subject, queue), {
      subject,
      concurrency: options.concurrency,
      onStatus: options.onStatus,
      signal: options.signal,
      drainTimeout: options.drainTimeout,
    });
    this.#live.add(subscription);
    await openNatsSubscription(this.#nc, {
      subject,
      queue,
      sink: subscription,
      onStatus: options.onStatus,
      drops,
      onMessage: (msg) => {
        if (subscription.backlog >= bufferSize) drops.drop();
        else subscription.deliver(msg);
      },
    }).catch(failWith(subscription));
    return subscription;
  }

  async messages(
    subject: string,
    options: NatsSubscribeOptions & StreamOptions = {},
  ): Promise<MessageStream<Message<T>>> {
    this.#assertOpen();
    const queue = validSubscription(subject, options.queue, this.#maxControlLine);
    throwIfAborted(options.signal, `subscription to "${subject}"`);

    const { onStatus } = options;
    const codec = this.#codec;
    const literal = literalSubjectOf(subject);
    const drops = new DropReporter(subject, onStatus);
    const stream = new StreamSubscription<NatsMessage<T>>({
      subject,
      bufferSize: options.bufferSize,
      onStatus,
      signal: options.signal,
      drainTimeout: options.drainTimeout,
    });
    this.#live.add(stream);
    await openNatsSubscription(this.#nc, {
      subject,
      queue,
      sink: stream,
      onStatus,
      drops,
      onMessage: (msg) => {
        // Checked before decoding: a message that will be dropped is not worth decoding.
        if (stream.full) {
          drops.drop();
          return;
        }
        let message: NatsMessage<T>;
        try {
          message = toMessage(msg, codec, undefined, literal);
        } catch (error) {
          notify(onStatus, { type: "handler_error", subject, error });
          return;
        }
        if (!stream.offer(message)) drops.drop();
      },
    }).catch(failWith(stream));
    return stream;
  }

  /** Drains every subscription this subscriber started. The connection stays open. Idempotent. */
  close(): Promise<void> {
    return this.#once.run(() => this.#live.drainAll());
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #assertOpen(): void {
    if (this.#once.started) throw new ClosedError("subscriber");
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
