import type { RetryPolicy, SubscribeOptions } from "@natsflux/core";
import type { ConsumerSettings } from "../manage/consumer-config.js";

/**
 * Which consumer a subscriber reads from: an existing one by name, or one to create-or-update first
 * (`ensureConsumer`) from `config`.
 */
export type ConsumerTarget =
  | { readonly stream: string; readonly consumer: string }
  | { readonly stream: string; readonly config: ConsumerSettings };

/** How the pull loop asks the server for messages. */
export interface PullOptions {
  /**
   * Messages asked for per pull request. Two pulls are kept outstanding so the next batch is already on its
   * way while the current one is handled. At most `bufferSize / 2`.
   * @default min(256, bufferSize / 2)
   */
  readonly batch?: number;
  /**
   * Messages held in this process at most: received and not yet finished (handler mode) or not yet read
   * (`messages()`), plus those already asked for. When it is reached the loop stops pulling until there is
   * room for a whole batch, so memory stays bounded however slow the handler is.
   * @default 512 for subscribe(), 256 for messages()
   */
  readonly bufferSize?: number;
  /** How long the server holds an unfilled pull request, in ms (>= 1000). @default 30000 */
  readonly expires?: number;
  /**
   * Heartbeat interval the server is asked for while a pull is open, in ms. A pull that hears nothing (no
   * message, no heartbeat) for 1.5-1.75 intervals is sent again and the consumer checked on the side
   * (reported as `consumer_unresponsive`): it bounds how long a failover can go unnoticed. @default 5000
   */
  readonly idleHeartbeat?: number;
  /**
   * When the consumer is deleted underneath the subscription (or cannot be found any more): recreate it with
   * its last known configuration and carry on (true), or end the subscription with a `SubscribeError`
   * (false). A recreated durable starts again from its deliver policy, so it may replay the stream.
   * @default true for ephemeral consumers, false for durables
   */
  readonly recreateOnDelete?: boolean;
}

export interface JetStreamSubscribeOptions extends SubscribeOptions, PullOptions {
  /**
   * "auto": the handler's success acks, a failure goes through `retryPolicy`. "manual": the handler settles
   * each message itself with ack/nak/term (a throw still goes through `retryPolicy` if it did not).
   * @default "auto"
   */
  readonly ack?: "auto" | "manual";
  /**
   * Maps a failure to nak-with-delay or term (success always acks and does not consult it). Also applied to
   * messages that cannot be decoded; not to messages the codec selector has no codec for (always terminated).
   * @default backoffRetryPolicy() (nak after 1 s, 5 s, then 30 s; NonRetryableError and DecodeError term)
   */
  readonly retryPolicy?: RetryPolicy;
  /**
   * Calls `working()` every this many ms while a handler runs, so the server does not redeliver a message
   * whose handler outlives `ack_wait`. Pick about half of `ack_wait`. Off by default.
   */
  readonly workingInterval?: number;
}
