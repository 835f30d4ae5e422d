import type {
  Consumer,
  ConsumerMessages,
  ConsumerNotification,
  OrderedConsumerOptions,
} from "@nats-io/jetstream";
import {
  type Codec,
  type Message,
  type MessageStream,
  type StatusListener,
  type StreamDelivery,
  type StreamOptions,
  SubscribeError,
} from "@natsflux/core";
import { decodeWith, notify, StreamSubscription } from "@natsflux/core/internal";
import { watchConnectionStatus } from "@natsflux/transport-nats/adapter";
import { type JetStreamSource, resolveHandles } from "../connection.js";
import type { DeliverPolicyName } from "../manage/consumer-config.js";
import { features, requireFeature } from "../manage/features.js";
import { pullSettings } from "./pull-settings.js";
import { ReadOnlyJetStreamMessage } from "./read-only-jetstream-message.js";

/** A message replayed by an ordered consumer: in stream order, with its stream sequence; nothing to ack. */
export interface OrderedMessage<T> extends Message<T> {
  readonly info: StreamDelivery;
}

export interface OrderedOptions extends StreamOptions {
  /** Subjects to replay. Several need nats-server 2.10+ (`UnsupportedFeatureError` before that). @default all */
  readonly filterSubject?: string | ReadonlyArray<string>;
  /** @default "all" */
  readonly deliverPolicy?: Exclude<DeliverPolicyName, "by_start_sequence" | "by_start_time">;
  /** Start at this stream sequence. */
  readonly startSequence?: number;
  /** Start at the first message stored at or after this time. */
  readonly startTime?: Date;
  /** Only headers (the payload is decoded from an empty body). */
  readonly headersOnly?: boolean;
  /** Messages per pull. @default min(256, bufferSize / 2) */
  readonly batch?: number;
  /**
   * Heartbeat interval asked of the server, in ms. Kept small on purpose: after a reconnect the client's
   * ordered consumer stalls for about three heartbeats before it notices, so 1 s means ~3 s, not ~45 s.
   * @default 1000
   */
  readonly idleHeartbeat?: number;
  /** Pull request expiry, in ms (> idleHeartbeat). @default 5000 */
  readonly expires?: number;
}

/**
 * Replays a stream (or some of its subjects) in order through a client-managed ordered consumer: no durable
 * state on the server, no acks, and the client recreates the consumer at the right sequence when it misses a
 * message or the server restarts. For reading history, caches and projections.
 *
 * At most `bufferSize` messages wait for the reader, plus one pull batch inside the client: the next pull is
 * only sent when the reader has caught up with the previous one. Undecodable messages are skipped and reported
 * as an `error` status event (an ordered consumer cannot terminate them).
 */
export async function orderedMessages<T>(
  source: JetStreamSource,
  codec: Codec<T>,
  stream: string,
  options: OrderedOptions = {},
): Promise<MessageStream<OrderedMessage<T>>> {
  const { nc, js } = resolveHandles(source);
  const expires = options.expires ?? 5000;
  const settings = pullSettings(
    { ...options, expires, idleHeartbeat: options.idleHeartbeat ?? Math.min(1000, expires / 2) },
    256,
  );
  const consumerOptions = orderedConsumerOptions(options);
  if (Array.isArray(consumerOptions.filter_subjects) && consumerOptions.filter_subjects.length > 1) {
    requireFeature(nc, features.multipleFilters, "Replay one subject (or one wildcard) per ordered consumer");
  }
  const subject = filterLabel(options.filterSubject, stream);
  let messages: ConsumerMessages;
  let consumer: Consumer;
  try {
    consumer = await js.consumers.get(stream, consumerOptions);
    messages = await consumer.consume({
      max_messages: settings.batch,
      expires: settings.expires,
      idle_heartbeat: settings.idleHeartbeat,
    });
  } catch (error) {
    throw new SubscribeError(
      subject,
      error,
      `cannot replay stream "${stream}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const out = new StreamSubscription<OrderedMessage<T>>({
    subject,
    bufferSize: settings.capacity,
    ...(options.onStatus === undefined ? {} : { onStatus: options.onStatus }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const stop = async () => {
    // Deleting the server-side consumer is a courtesy: it would expire on its own after 5 minutes.
    await messages.close().catch(() => {});
    if (!nc.isClosed()) await consumer.delete().catch(() => {});
  };
  out.attach({ stop, drain: stop });
  let open = true;
  const stopWatching = watchConnectionStatus(nc, options.onStatus);
  const ended = () => {
    open = false;
    stopWatching();
  };
  out.closed.then(ended, ended);
  void reportStatus(messages, stream, options.onStatus);
  void pump(messages, out, codec, options.onStatus, () => open);
  return out;
}

/**
 * Moves messages from the client's iterator into the bounded stream. Iterating is what lets the client send
 * its next pull, so while this loop waits for room no new messages are requested.
 */
async function pump<T>(
  messages: ConsumerMessages,
  out: StreamSubscription<OrderedMessage<T>>,
  codec: Codec<T>,
  onStatus: StatusListener | undefined,
  isOpen: () => boolean,
): Promise<void> {
  try {
    for await (const raw of messages) {
      let payload: T;
      try {
        payload = decodeWith(codec, raw.data, raw.subject);
      } catch (error) {
        notify(onStatus, { type: "error", error });
        continue;
      }
      const message = new ReadOnlyJetStreamMessage<T>(raw, payload);
      while (!out.offer(message)) {
        if (!isOpen()) return;
        await out.whenSpace();
      }
    }
  } catch (error) {
    await out.fail(
      new SubscribeError(out.subject, error, `ordered replay of "${out.subject}" failed: ${String(error)}`),
    );
  }
}

async function reportStatus(
  messages: ConsumerMessages,
  stream: string,
  onStatus: StatusListener | undefined,
): Promise<void> {
  if (onStatus === undefined) return;
  for await (const status of messages.status()) {
    const event = toStatusEvent(status, stream);
    if (event !== undefined) notify(onStatus, event);
  }
}

function toStatusEvent(
  status: ConsumerNotification,
  stream: string,
): Parameters<StatusListener>[0] | undefined {
  switch (status.type) {
    case "heartbeats_missed":
      return { type: "heartbeats_missed", count: status.count };
    case "ordered_consumer_recreated":
      return { type: "consumer_recreated", stream, consumer: status.name };
    case "consumer_not_found":
      return { type: "consumer_not_found", stream, consumer: status.name };
    case "stream_not_found":
      return { type: "stream_not_found", stream };
    case "consumer_deleted":
      return { type: "consumer_deleted", stream, consumer: "" };
    default:
      return undefined;
  }
}

function orderedConsumerOptions(options: OrderedOptions): Partial<OrderedConsumerOptions> {
  const out: Partial<OrderedConsumerOptions> = {};
  const filter = options.filterSubject;
  if (filter !== undefined) {
    // One subject goes out as the singular filter_subject, which every server understands.
    out.filter_subjects =
      typeof filter === "string" ? filter : filter.length === 1 ? (filter[0] as string) : [...filter];
  }
  if (options.startSequence !== undefined) {
    out.deliver_policy = "by_start_sequence";
    out.opt_start_seq = options.startSequence;
  } else if (options.startTime !== undefined) {
    out.opt_start_time = options.startTime.toISOString();
  } else {
    out.deliver_policy = options.deliverPolicy ?? "all";
  }
  if (options.headersOnly) out.headers_only = true;
  return out;
}

function filterLabel(filter: string | ReadonlyArray<string> | undefined, stream: string): string {
  if (typeof filter === "string") return filter;
  if (filter !== undefined && filter.length > 0) return filter.join(",");
  return `${stream}/>`;
}
