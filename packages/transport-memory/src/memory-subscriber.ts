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
  validQueue,
  validSubscribeSubject,
} from "@natsflux/core/internal";
import { brokerSource } from "./broker-source.js";
import type { BrokerMessage } from "./broker-types.js";
import type { MemoryBroker } from "./memory-broker.js";
import { toMessage } from "./message.js";
import {
  defaultHandlerBufferSize,
  type MemorySubscribeOptions,
  type MemorySubscriberOptions,
} from "./options.js";

/**
 * Subscribes to subjects of a MemoryBroker, with handlers or `for await`. Messages are decoded on delivery:
 * bytes that do not decode are reported as a `handler_error` status event carrying a DecodeError, and the
 * subscription carries on.
 */
export class MemorySubscriber<T> implements Subscriber<T, Message<T>, string, MemorySubscribeOptions> {
  readonly #broker: MemoryBroker;
  readonly #codec: Codec<T>;
  readonly #telemetry: Telemetry;
  readonly #once = new Once();
  readonly #live = new LiveSubscriptions();

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
    this.#checkOpen();
    throwIfAborted(options.signal, "subscribe");
    validSubscribeSubject(subject);
    const queue = validQueue(options.queue);
    const concurrency = validConcurrency(options.concurrency);
    const bufferSize = validCount("bufferSize", options.bufferSize, defaultHandlerBufferSize);
    const drops = new DropReporter(subject, options.onStatus);
    const subscription = new DispatchSubscription<BrokerMessage>(
      (raw, context) => this.#process(raw, handler, context, queue),
      {
        subject,
        concurrency,
        onStatus: options.onStatus,
        signal: options.signal,
        drainTimeout: options.drainTimeout,
      },
    );
    const entry = this.#broker.subscribe(
      subject,
      (raw) => {
        if (subscription.backlog >= bufferSize) drops.drop();
        else subscription.deliver(raw);
      },
      { queue },
    );
    subscription.attach(brokerSource<BrokerMessage>(entry, drops));
    return this.#live.add(subscription);
  }

  async messages(
    subject: string,
    options: MemorySubscribeOptions & StreamOptions = {},
  ): Promise<MessageStream<Message<T>>> {
    this.#checkOpen();
    throwIfAborted(options.signal, "subscribe");
    validSubscribeSubject(subject);
    const queue = validQueue(options.queue);
    const onStatus = options.onStatus;
    const drops = new DropReporter(subject, onStatus);
    const stream = new StreamSubscription<Message<T>>({
      subject,
      bufferSize: validCount("bufferSize", options.bufferSize),
      onStatus,
      signal: options.signal,
      drainTimeout: options.drainTimeout,
    });
    // No telemetry `process` here: in this mode the reader, not the transport, processes the message.
    const entry = this.#broker.subscribe(
      subject,
      (raw) => {
        let message: Message<T>;
        try {
          message = toMessage(raw, this.#codec);
        } catch (error) {
          notify(onStatus, { type: "handler_error", subject, error });
          return;
        }
        if (!stream.offer(message)) drops.drop();
      },
      { queue },
    );
    stream.attach(brokerSource<Message<T>>(entry, drops));
    return this.#live.add(stream);
  }

  /** Drains every subscription made through this subscriber; later subscribes reject with ClosedError. */
  close(): Promise<void> {
    return this.#once.run(() => this.#live.drainAll());
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #checkOpen(): void {
    if (this.#once.started) throw new ClosedError("subscriber");
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
    if (this.#telemetry === noopTelemetry) return run();
    return this.#telemetry.process(
      {
        system: "memory",
        subject: raw.subject,
        headers: raw.headers,
        bodySize: raw.data.length,
        ...(queue === undefined ? {} : { consumerGroup: queue }),
      },
      run,
    );
  }
}
