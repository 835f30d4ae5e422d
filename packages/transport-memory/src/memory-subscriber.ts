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
  validQueue,
  validSubscribeSubject,
} from "@natsflux/core/internal";
import type { BrokerMessage } from "./broker-types.js";
import type { MemoryBroker } from "./memory-broker.js";
import { toMessage } from "./message.js";
import type { MemorySubscribeOptions, MemorySubscriberOptions } from "./options.js";
import { processWith } from "./process-with.js";

/**
 * Subscribes to subjects of a MemoryBroker, with handlers or `for await`. Messages are decoded on delivery:
 * bytes that do not decode are reported as a `handler_error` status event carrying a DecodeError, and the
 * subscription carries on.
 */
export class MemorySubscriber<T> implements Subscriber<T, Message<T>, string, MemorySubscribeOptions> {
  readonly #broker: MemoryBroker;
  readonly #codec: Codec<T>;
  readonly #telemetry: Telemetry;
  readonly #subscriptions = new PushSubscriptions("subscriber");

  constructor(broker: MemoryBroker, codec: Codec<T>, options: MemorySubscriberOptions = {}) {
    this.#broker = broker;
    this.#codec = codec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
  }

  async subscribe(
    subject: string,
    handler: Handler<T>,
    options: MemorySubscribeOptions = {},
  ): Promise<Subscription> {
    const queue = this.#check(subject, options);
    return this.#subscriptions.handle<BrokerMessage>(
      subject,
      options,
      (raw, context) => this.#process(raw, handler, context, queue),
      this.#open(subject, queue),
    );
  }

  async messages(
    subject: string,
    options: MemorySubscribeOptions & StreamOptions = {},
  ): Promise<MessageStream<Message<T>>> {
    const queue = this.#check(subject, options);
    // No telemetry `process` here: in this mode the reader, not the transport, processes the message.
    return this.#subscriptions.stream<BrokerMessage, Message<T>>(
      subject,
      options,
      (raw) => toMessage(raw, this.#codec),
      this.#open(subject, queue),
    );
  }

  /** Drains every subscription made through this subscriber; later subscribes reject with ClosedError. */
  close(): Promise<void> {
    return this.#subscriptions.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Returns the queue group. */
  #check(subject: string, options: MemorySubscribeOptions): string | undefined {
    this.#subscriptions.assertOpen();
    throwIfAborted(options.signal, "subscribe");
    validSubscribeSubject(subject);
    return validQueue(options.queue);
  }

  #open(subject: string, queue: string | undefined): OpenPush<BrokerMessage> {
    return ({ push, attach }) => attach(this.#broker.subscribe(subject, push, { queue }));
  }

  #process(
    raw: BrokerMessage,
    handler: Handler<T>,
    context: HandlerContext,
    queue: string | undefined,
  ): Promise<void> {
    const run = async () => {
      await handler(toMessage(raw, this.#codec), context);
    };
    return processWith(this.#telemetry, raw, queue, run);
  }
}
