import type { ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import {
  AbortedError,
  backoffRetryPolicy,
  ClosedError,
  type Codec,
  ConfigError,
  type Consumer,
  type FetchOptions,
  NatsfluxError,
  type RetryPolicy,
  type StatusListener,
  SubscribeError,
} from "@natsflux/core";
import { applyDecision, decodeWith, notify, Once, raceAbort, throwIfAborted } from "@natsflux/core/internal";
import { type JetStreamHandles, type JetStreamSource, resolveHandles } from "../connection.js";
import { features, supports } from "../manage/features.js";
import { flushWithin } from "../publish/flush.js";
import { AckBatcher } from "./ack-batcher.js";
import { ConsumerBinding } from "./consumer-binding.js";
import { InFlight } from "./in-flight.js";
import { JetStreamMessage } from "./jetstream-message.js";
import type { ConsumerTarget } from "./subscribe-options.js";

export interface JetStreamConsumerOptions {
  /** Default for `fetch`/`next`/iteration: how long the server may wait to fill a request, in ms. @default 30000 */
  readonly expires?: number;
  /** Settles messages that cannot be decoded (they are never returned). @default backoffRetryPolicy() (terms them) */
  readonly retryPolicy?: RetryPolicy;
  /** Receives `error` events for undecodable messages, and `heartbeats_missed` when a request went quiet. */
  readonly onStatus?: StatusListener;
}

/**
 * Pull-based access to a JetStream consumer: the caller asks for messages when it is ready and settles each
 * one itself (ack, nak, term); unsettled ones come back after the consumer's `ack_wait`. The consumer is
 * looked up (or created from `target.config`) on first use.
 */
export class JetStreamConsumer<T> implements Consumer<T, JetStreamMessage<T>> {
  readonly #handles: JetStreamHandles;
  readonly #codec: Codec<T>;
  readonly #target: ConsumerTarget;
  readonly #expires: number;
  readonly #retryPolicy: RetryPolicy;
  readonly #onStatus: StatusListener | undefined;
  readonly #active = new Set<ConsumerMessages>();
  readonly #calls = new InFlight();
  readonly #once = new Once();
  readonly #batcher = new AckBatcher();
  #binding: Promise<ConsumerBinding> | undefined;

  constructor(
    source: JetStreamSource,
    codec: Codec<T>,
    target: ConsumerTarget,
    options: JetStreamConsumerOptions = {},
  ) {
    this.#handles = resolveHandles(source);
    this.#codec = codec;
    this.#target = target;
    this.#expires = validExpires(options.expires ?? 30_000);
    this.#retryPolicy = options.retryPolicy ?? backoffRetryPolicy();
    this.#onStatus = options.onStatus;
  }

  /** Up to `max` messages; fewer, possibly none, when `expires` passes first. */
  fetch(max: number, options: FetchOptions = {}): Promise<Array<JetStreamMessage<T>>> {
    if (!Number.isInteger(max) || max < 1) {
      return Promise.reject(new ConfigError("max", `must be an integer >= 1, got ${max}`));
    }
    if (this.#once.started) return Promise.reject(new ClosedError("JetStream consumer"));
    return this.#calls.track(this.#fetch(max, options));
  }

  /** The next message, or `null` when none arrived before `expires` (or the consumer was closed). */
  async next(options: FetchOptions = {}): Promise<JetStreamMessage<T> | null> {
    const [message] = await this.fetch(1, options);
    return message ?? null;
  }

  /** Pulls one message at a time until the consumer is closed. */
  async *[Symbol.asyncIterator](): AsyncIterator<JetStreamMessage<T>> {
    while (!this.#once.started) {
      let message: JetStreamMessage<T> | null;
      try {
        message = await this.next();
      } catch (error) {
        // Closed between the check and the request: the iteration simply ends.
        if (error instanceof ClosedError && this.#once.started) return;
        throw error;
      }
      if (message !== null) yield message;
    }
  }

  /** Ends open requests (`fetch`/`next` resolve with what they have) and refuses new ones. Idempotent. */
  close(): Promise<void> {
    return this.#once.run(async () => {
      for (const request of this.#active) request.stop();
      await this.#calls.idle();
      // Acks the caller made go out (and reach the server) before close resolves.
      this.#batcher.drain();
      await flushWithin(this.#handles.nc, 2000);
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #fetch(max: number, options: FetchOptions): Promise<Array<JetStreamMessage<T>>> {
    throwIfAborted(options.signal, "fetch");
    const expires = validExpires(options.expires ?? this.#expires);
    const binding = await this.#bind();
    if (this.#once.started) return [];
    const received: Array<JetStreamMessage<T>> = [];
    let request: ConsumerMessages | undefined;
    const collect = async () => {
      request = await binding.consumer.fetch({ max_messages: max, expires });
      // Aborted or closed while the request was being made: end it now rather than at expiry.
      if (options.signal?.aborted || this.#once.started) request.stop();
      this.#active.add(request);
      try {
        for await (const raw of request) {
          const message = this.#decode(raw, binding.backoff);
          if (message !== undefined) received.push(message);
        }
      } finally {
        this.#active.delete(request);
      }
    };
    try {
      await raceAbort(collect(), options.signal, "fetch");
      return received;
    } catch (error) {
      // nats.js gives a fetch heartbeats of expires/2 (at least 500 ms), so near expiry "two missed
      // heartbeats" races the server's own end-of-request; either way nothing more is coming for this call.
      if (error instanceof Error && error.message === "heartbeats missed") {
        notify(this.#onStatus, { type: "heartbeats_missed", count: 2 });
        return received;
      }
      request?.stop();
      // Aborted or failed after some arrived: hand those back at once rather than after ack_wait.
      for (const message of received) message.nak();
      if (error instanceof AbortedError || error instanceof NatsfluxError) throw error;
      throw new SubscribeError(
        binding.subject,
        error,
        `fetch from "${binding.name}" on stream "${binding.stream}" failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  #decode(raw: JsMsg, backoff: () => ReadonlyArray<number> | undefined): JetStreamMessage<T> | undefined {
    const nc = this.#handles.nc;
    const termReasons = () => supports(nc, features.termReason);
    try {
      const payload = decodeWith(this.#codec, raw.data, raw.subject);
      return new JetStreamMessage<T>(raw, payload, termReasons, this.#batcher, backoff);
    } catch (error) {
      const message = new JetStreamMessage<T>(raw, undefined as T, termReasons, this.#batcher, backoff);
      notify(this.#onStatus, { type: "error", error });
      applyDecision(message, this.#retryPolicy(error, message.info.deliveryCount));
      return undefined;
    }
  }

  #bind(): Promise<ConsumerBinding> {
    this.#binding ??= ConsumerBinding.open(this.#handles, this.#target, false);
    // A failed lookup is retried on the next call (the stream may be created meanwhile).
    this.#binding.catch(() => {
      this.#binding = undefined;
    });
    return this.#binding;
  }
}

function validExpires(expires: number): number {
  if (!Number.isFinite(expires) || expires < 1000) {
    throw new ConfigError("expires", `must be at least 1000 ms, got ${expires}`);
  }
  return expires;
}
