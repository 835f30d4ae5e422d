import type { JsMsg } from "@nats-io/jetstream";
import {
  backoffRetryPolicy,
  ClosedError,
  type Codec,
  type CodecChoice,
  ConfigError,
  type Handler,
  type MessageStream,
  noopTelemetry,
  type RetryPolicy,
  type StatusListener,
  type StreamOptions,
  type Subscriber,
  type Subscription,
  type Telemetry,
} from "@natsflux/core";
import {
  applyDecision,
  DispatchSubscription,
  decodeWith,
  LiveSubscriptions,
  notify,
  Once,
  StreamSubscription,
  throwIfAborted,
  validConcurrency,
  validTimeout,
} from "@natsflux/core/internal";
import { watchConnectionStatus } from "@natsflux/transport-nats/adapter";
import { type JetStreamHandles, type JetStreamSource, resolveHandles } from "../connection.js";
import { features, supports } from "../manage/features.js";
import { flushWithin } from "../publish/flush.js";
import { AckBatcher } from "./ack-batcher.js";
import { codecChooser } from "./codec-chooser.js";
import { ConsumerBinding } from "./consumer-binding.js";
import { messageProcessor, noHandlerReason } from "./handler-process.js";
import { HandlerSubscription } from "./handler-subscription.js";
import { JetStreamMessage } from "./jetstream-message.js";
import { PullLoop } from "./pull-loop.js";
import { pullSettings } from "./pull-settings.js";
import type { ConsumerTarget, JetStreamSubscribeOptions } from "./subscribe-options.js";

export interface JetStreamSubscriberOptions {
  /** @default noopTelemetry */
  readonly telemetry?: Telemetry;
}

/**
 * Consumes a JetStream pull consumer continuously, into a handler (`subscribe`) or a `for await` loop
 * (`messages`). Memory stays bounded: pulling stops while `bufferSize` messages are held. The connection
 * belongs to the caller; give it `maxReconnectAttempts: -1` so a subscription survives server restarts of any
 * length (the client's default gives up after about 20 s).
 */
export class JetStreamSubscriber<T>
  implements Subscriber<T, JetStreamMessage<T>, ConsumerTarget, JetStreamSubscribeOptions>
{
  readonly #handles: JetStreamHandles;
  readonly #codec: CodecChoice<T>;
  readonly #telemetry: Telemetry;
  readonly #live = new LiveSubscriptions();
  readonly #once = new Once();

  /**
   * `codec` decodes every message, or is a selector picking one per subject (a consumer carrying several
   * message types); a message it has no codec for is terminated with the reason "no handler for routing
   * key" and reported to telemetry's `settled` as unroutable.
   */
  constructor(source: JetStreamSource, codec: CodecChoice<T>, options: JetStreamSubscriberOptions = {}) {
    this.#handles = resolveHandles(source);
    this.#codec = codec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
  }

  /**
   * Runs `handler` for every message of the consumer, at most `concurrency` at once (1: one at a time, in
   * order). In auto-ack mode success acks and failure goes through the retry policy; see
   * `JetStreamSubscribeOptions`. Rejects with `SubscribeError` when the consumer cannot be found or created.
   */
  async subscribe(
    target: ConsumerTarget,
    handler: Handler<T, JetStreamMessage<T>>,
    options: JetStreamSubscribeOptions = {},
  ): Promise<Subscription> {
    this.#assertOpen();
    throwIfAborted(options.signal, "subscribe");
    validConcurrency(options.concurrency);
    validDrainTimeout(options.drainTimeout);
    const settings = pullSettings(options, 512);
    const retryPolicy = options.retryPolicy ?? backoffRetryPolicy();
    const workingInterval = validWorkingInterval(options.workingInterval);
    const binding = await ConsumerBinding.open(
      this.#handles,
      target,
      options.recreateOnDelete,
      options.onStatus,
    );
    const { nc } = this.#handles;
    const batcher = new AckBatcher();
    const dispatch = new DispatchSubscription<JsMsg>(
      messageProcessor<T>({
        codec: this.#codec,
        handler,
        manual: options.ack === "manual",
        retryPolicy,
        workingInterval,
        telemetry: this.#telemetry,
        termReasons: () => supports(nc, features.termReason),
        batcher,
        backoff: binding.backoff,
        onStatus: options.onStatus,
        // An ephemeral consumer's generated name is no group anyone shares: telemetry gets none.
        consumer: binding.ephemeral ? undefined : binding.name,
        stream: binding.stream,
      }),
      {
        subject: binding.subject,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.onStatus === undefined ? {} : { onStatus: options.onStatus }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.drainTimeout === undefined ? {} : { drainTimeout: options.drainTimeout }),
      },
    );
    const deliverToHandler = (message: JsMsg) => dispatch.deliver(message);
    const loop = new PullLoop(
      nc,
      binding,
      {
        get held() {
          return dispatch.backlog;
        },
        whenBelow: (limit) => dispatch.whenBelow(limit),
        deliver: (message) => batcher.direct(deliverToHandler, message),
      },
      { ...settings, onStatus: options.onStatus, js: this.#handles.js },
      (error) => void dispatch.fail(error),
    );
    dispatch.attach({
      stop: () => loop.stop(),
      drain: () => loop.stop(),
      // Received but never handled: back to the server at once instead of after ack_wait.
      discard: (messages) => {
        for (const message of messages) batcher.run(() => message.nak());
      },
    });
    // Once the last handler finished: its ack (and the naks above) leave the batcher, then reach the server.
    const subscription = new HandlerSubscription(dispatch, () => {
      batcher.drain();
      return flushWithin(nc, 2000);
    });
    this.#live.add(subscription, watchConnectionStatus(nc, options.onStatus));
    loop.start();
    return subscription;
  }

  /**
   * The consumer's messages as a `for await` stream. Each message must be settled by the reader (ack, nak,
   * term); unsettled ones come back after the consumer's `ack_wait`. At most `bufferSize` messages are held:
   * pulling stops while the reader is behind. Breaking out of the loop stops the stream and naks what it had
   * buffered. Undecodable messages never reach the reader: they are settled by `retryPolicy` (terminated)
   * and reported as a `handler_error` status event.
   */
  async messages(
    target: ConsumerTarget,
    options: JetStreamSubscribeOptions & StreamOptions = {},
  ): Promise<MessageStream<JetStreamMessage<T>>> {
    this.#assertOpen();
    throwIfAborted(options.signal, "messages");
    validDrainTimeout(options.drainTimeout);
    const settings = pullSettings(options, 256);
    const retryPolicy = options.retryPolicy ?? backoffRetryPolicy();
    const binding = await ConsumerBinding.open(
      this.#handles,
      target,
      options.recreateOnDelete,
      options.onStatus,
    );
    const { nc } = this.#handles;
    const stream = new StreamSubscription<JetStreamMessage<T>>({
      subject: binding.subject,
      bufferSize: settings.capacity,
      ...(options.onStatus === undefined ? {} : { onStatus: options.onStatus }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.drainTimeout === undefined ? {} : { drainTimeout: options.drainTimeout }),
    });
    const batcher = new AckBatcher();
    const sink = new StreamSink<T>(
      stream,
      this.#codec,
      retryPolicy,
      options.onStatus,
      () => supports(nc, features.termReason),
      batcher,
      binding.backoff,
    );
    const loop = new PullLoop(
      nc,
      binding,
      sink,
      { ...settings, onStatus: options.onStatus, js: this.#handles.js },
      (error) => {
        sink.discardOverflow();
        void stream.fail(error);
      },
    );
    // The reader's last acks leave the batcher before the flush that stop/drain waits for.
    const end = () => {
      batcher.drain();
      return loop.stop();
    };
    stream.attach({
      stop: end,
      drain: end,
      discard: (messages) => {
        for (const message of messages) message.nak();
        sink.discardOverflow();
        batcher.drain();
        void flushWithin(nc, 2000);
      },
    });
    this.#live.add(stream, watchConnectionStatus(nc, options.onStatus));
    loop.start();
    return stream;
  }

  /** Drains every subscription this subscriber started (handlers finish, acks are flushed). Idempotent. */
  close(): Promise<void> {
    return this.#once.run(() => this.#live.drainAll());
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #assertOpen(): void {
    if (this.#once.started) throw new ClosedError("JetStream subscriber");
  }
}

/**
 * Feeds a `messages()` stream. The pull loop never asks for more than fits, so `offer` succeeds; should the
 * server send more anyway (a reconnect re-pulls), the surplus waits here for room instead of being dropped.
 */
class StreamSink<T> {
  readonly #stream: StreamSubscription<JetStreamMessage<T>>;
  readonly #codec: (subject: string) => Codec<T> | undefined;
  readonly #retryPolicy: RetryPolicy;
  readonly #onStatus: StatusListener | undefined;
  readonly #termReasons: () => boolean;
  readonly #batcher: AckBatcher;
  readonly #backoff: () => ReadonlyArray<number> | undefined;
  #overflow: Array<JetStreamMessage<T>> = [];

  constructor(
    stream: StreamSubscription<JetStreamMessage<T>>,
    codec: CodecChoice<T>,
    retryPolicy: RetryPolicy,
    onStatus: StatusListener | undefined,
    termReasons: () => boolean,
    batcher: AckBatcher,
    backoff: () => ReadonlyArray<number> | undefined,
  ) {
    this.#stream = stream;
    this.#codec = codecChooser(codec);
    this.#retryPolicy = retryPolicy;
    this.#onStatus = onStatus;
    this.#termReasons = termReasons;
    this.#batcher = batcher;
    this.#backoff = backoff;
  }

  get held(): number {
    return this.#stream.buffered + this.#overflow.length;
  }

  whenBelow(limit: number): Promise<void> {
    return this.#stream.whenBelow(Math.max(1, limit - this.#overflow.length));
  }

  deliver(raw: JsMsg): void {
    const codec = this.#codec(raw.subject);
    if (codec === undefined) {
      this.#unsettled(raw).term(noHandlerReason);
      return;
    }
    let payload: T;
    try {
      payload = decodeWith(codec, raw.data, raw.subject);
    } catch (error) {
      const message = this.#unsettled(raw);
      const deliveryCount = message.info.deliveryCount;
      const decision = this.#retryPolicy(error, deliveryCount);
      notify(this.#onStatus, { type: "handler_error", subject: raw.subject, error, deliveryCount, decision });
      applyDecision(message, decision);
      return;
    }
    const message = new JetStreamMessage<T>(raw, payload, this.#termReasons, this.#batcher, this.#backoff);
    if (this.#overflow.length > 0 || !this.#stream.offer(message)) {
      this.#overflow.push(message);
      if (this.#overflow.length === 1) void this.#pump();
    }
  }

  #unsettled(raw: JsMsg): JetStreamMessage<T> {
    return new JetStreamMessage<T>(raw, undefined as T, this.#termReasons, this.#batcher, this.#backoff);
  }

  /** Naks what is waiting for room (the stream stopped). */
  discardOverflow(): void {
    const waiting = this.#overflow;
    this.#overflow = [];
    for (const message of waiting) message.nak();
  }

  async #pump(): Promise<void> {
    while (this.#overflow.length > 0) {
      await this.#stream.whenSpace();
      const next = this.#overflow[0];
      if (next === undefined) return;
      if (!this.#stream.offer(next)) {
        // Ended while waiting: the stream's discard naks the rest.
        if (this.#stream.full) continue;
        this.discardOverflow();
        return;
      }
      this.#overflow.shift();
    }
  }
}

/** Checked before the consumer is touched (the core subscription would only reject it afterwards). */
function validDrainTimeout(value: number | undefined): void {
  if (value !== undefined) validTimeout(value, "drainTimeout");
}

function validWorkingInterval(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 100) {
    throw new ConfigError("workingInterval", `must be at least 100 ms, got ${value}`);
  }
  return value;
}
