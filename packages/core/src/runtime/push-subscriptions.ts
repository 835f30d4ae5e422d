import { ClosedError } from "../errors/operation-errors.js";
import type { HandlerContext } from "../handler.js";
import type { StatusListener } from "../status.js";
import type { MessageStream, Subscription } from "../subscription.js";
import { DispatchSubscription } from "./dispatch-subscription.js";
import { DropReporter } from "./drop-reporter.js";
import { LiveSubscriptions } from "./live-subscriptions.js";
import { notify } from "./notify.js";
import { Once } from "./once.js";
import { StreamSubscription } from "./stream-subscription.js";
import type { SubscriptionLifecycle } from "./subscription-lifecycle.js";
import { validCount } from "./validate-options.js";

/**
 * `bufferSize` of a push subscription's handler mode: a push transport (Core NATS, the memory broker)
 * cannot hold the sender back, so the subscription bounds what it holds and drops beyond it.
 */
export const defaultPushBufferSize = 65_536;

/** The subscription options a push subscription reads (SubscribeOptions, ServeOptions and BufferOptions). */
export interface PushOptions {
  readonly signal?: AbortSignal | undefined;
  readonly concurrency?: number | undefined;
  readonly onStatus?: StatusListener | undefined;
  readonly drainTimeout?: number | undefined;
  readonly bufferSize?: number | undefined;
}

/** The transport's interest, once registered: how to end it at once or gracefully. */
export interface PushSource {
  unsubscribe(): void;
  /** Resolves once every message the transport received before it has been pushed. */
  drain(): Promise<void>;
}

/** What a push transport drives: the subscription being opened. */
export interface PushTarget<R> {
  /** Takes one message; the transport calls it synchronously, in order. Cheap; never throws. */
  readonly push: (raw: R) => void;
  /** Hands over the source as soon as messages can flow, so stopping the subscription ends it. */
  readonly attach: (source: PushSource) => void;
  /** For the transport's own events: the connection drained (drain) or failed (fail) under it. */
  readonly subscription: Pick<SubscriptionLifecycle<unknown>, "closed" | "drain" | "fail">;
}

/** Registers the transport's interest and resolves once messages published from now on will arrive. */
export type OpenPush<R> = (target: PushTarget<R>) => void | Promise<void>;

/**
 * The subscriptions of one subscriber or responder on a push transport (Core NATS, the memory broker),
 * which only differ in how they register interest (`OpenPush`). Each subscription bounds what it holds
 * (`bufferSize`) and reports what it drops as `slow_consumer`; closing drains them all.
 */
export class PushSubscriptions {
  readonly #owner: string;
  readonly #live = new LiveSubscriptions();
  readonly #once = new Once();

  /** `owner` names what is closed in the ClosedError (e.g. "subscriber", "responder"). */
  constructor(owner: string) {
    this.#owner = owner;
  }

  assertOpen(): void {
    if (this.#once.started) throw new ClosedError(this.#owner);
  }

  /**
   * Handler mode: `process` runs for each message with the options' concurrency. A message that finds the
   * backlog at `bufferSize` is dropped, and handed to `overflow` (a responder answers it at once).
   */
  handle<R>(
    subject: string,
    options: PushOptions,
    process: (raw: R, context: HandlerContext) => void | Promise<void>,
    open: OpenPush<R>,
    overflow?: (raw: R) => void,
  ): Promise<Subscription> {
    const bufferSize = validCount("bufferSize", options.bufferSize, defaultPushBufferSize);
    const drops = new DropReporter(subject, options.onStatus);
    const subscription = new DispatchSubscription<R>(process, {
      subject,
      concurrency: options.concurrency,
      onStatus: options.onStatus,
      signal: options.signal,
      drainTimeout: options.drainTimeout,
    });
    const push = (raw: R): void => {
      if (subscription.backlog < bufferSize) {
        subscription.deliver(raw);
        return;
      }
      drops.drop();
      overflow?.(raw);
    };
    return this.#open(subscription, drops, push, open);
  }

  /**
   * Stream mode: `convert` turns each message into what the reader gets; one that throws (a DecodeError) is
   * reported as `handler_error` and skipped. A message that finds the buffer full is dropped before converting.
   */
  stream<R, M>(
    subject: string,
    options: PushOptions,
    convert: (raw: R) => M,
    open: OpenPush<R>,
  ): Promise<MessageStream<M>> {
    const { onStatus } = options;
    const drops = new DropReporter(subject, onStatus);
    const stream = new StreamSubscription<M>({
      subject,
      bufferSize: validCount("bufferSize", options.bufferSize),
      onStatus,
      signal: options.signal,
      drainTimeout: options.drainTimeout,
    });
    const push = (raw: R): void => {
      if (stream.full) {
        drops.drop();
        return;
      }
      let message: M;
      try {
        message = convert(raw);
      } catch (error) {
        notify(onStatus, { type: "handler_error", subject, error });
        return;
      }
      if (!stream.offer(message)) drops.drop();
    };
    return this.#open(stream, drops, push, open);
  }

  /** Drains every subscription still live; later opens throw ClosedError. Idempotent. */
  close(): Promise<void> {
    return this.#once.run(() => this.#live.drainAll());
  }

  /** Tracked before opening, so a close() during the open drains it; a failed open ends it, then rethrows. */
  async #open<R, S extends SubscriptionLifecycle<M>, M>(
    sink: S,
    drops: DropReporter,
    push: (raw: R) => void,
    open: OpenPush<R>,
  ): Promise<S> {
    this.#live.add(sink);
    const attach = (source: PushSource): void => {
      sink.attach({
        stop: async () => {
          source.unsubscribe();
          drops.flush();
        },
        drain: async () => {
          await source.drain();
          drops.flush();
        },
        // Received but never handled because of stop(): reported, since nothing redelivers them.
        discard: (items) => drops.discard(items.length),
      });
    };
    try {
      await open({ push, attach, subscription: sink });
    } catch (error) {
      void sink.fail(error);
      throw error;
    }
    return sink;
  }
}
