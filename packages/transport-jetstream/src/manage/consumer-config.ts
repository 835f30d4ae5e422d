import type { ConsumerConfig } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { ConfigError } from "@natsflux/core";
import { validSubscribeSubject } from "@natsflux/core/internal";
import { replyBytesOf } from "@natsflux/transport-nats/adapter";
import { features, requireFeature } from "./features.js";
import { durationNanos } from "./stream-config.js";

export type DeliverPolicyName =
  | "all"
  | "last"
  | "new"
  | "last_per_subject"
  | "by_start_sequence"
  | "by_start_time";

/**
 * A pull consumer for `ensureConsumer()`. Durations are milliseconds. With `durable` it survives restarts and
 * disconnects; without it, it is ephemeral and the server deletes it `inactiveThreshold` after it was last
 * used. This is the whole configuration: fields left out get the server defaults, also on an existing consumer
 * (a redeploy that drops an option puts it back to the default).
 */
export interface ConsumerSettings {
  /** Durable name. Left out, the consumer is ephemeral. */
  readonly durable?: string;
  /** Name of an ephemeral consumer (the server makes one up when left out). */
  readonly name?: string;
  /** One subject is sent as `filter_subject`; several as `filter_subjects`, which needs nats-server 2.10+. */
  readonly filterSubject?: string | ReadonlyArray<string>;
  /** @default "explicit" */
  readonly ackPolicy?: "explicit" | "all" | "none";
  /** Where a new consumer starts. Cannot be changed later. @default "all" */
  readonly deliverPolicy?: DeliverPolicyName;
  /** First stream sequence for `by_start_sequence` (implied when only this is given). */
  readonly startSequence?: number;
  /** First message time for `by_start_time` (implied when only this is given). */
  readonly startTime?: Date;
  /** How long the server waits for an ack before redelivering, in ms (server default 30 s). `backoff[0]` replaces it. */
  readonly ackWait?: number;
  /** Deliveries before the server gives up on a message; -1 is unlimited. Must exceed `backoff.length`. */
  readonly maxDeliver?: number;
  /** Redelivery delays after ack-wait expiries, in ms. Does not apply to nak(): give nak a delay instead. */
  readonly backoff?: ReadonlyArray<number>;
  /** Unacknowledged messages the server lets this consumer hold at once (server default 1000). */
  readonly maxAckPending?: number;
  /** Ephemeral consumers: deleted after this long without pulls, in ms (server default 5 s). */
  readonly inactiveThreshold?: number;
  readonly replayPolicy?: "instant" | "original";
  readonly headersOnly?: boolean;
  readonly memoryStorage?: boolean;
  readonly replicas?: number;
  readonly description?: string;
  /** Any other nats.js `ConsumerConfig` field, sent as given (durations there are nanoseconds). */
  readonly extra?: Partial<ConsumerConfig>;
}

/**
 * The nats.js configuration for `settings`. One filter subject always goes out as `filter_subject`; several
 * need 2.10+ and throw `UnsupportedFeatureError` before anything is sent on older servers, because 2.9 would
 * silently drop `filter_subjects` and deliver every subject of the stream.
 */
export function toConsumerConfig(settings: ConsumerSettings, nc: NatsConnection): Partial<ConsumerConfig> {
  const config: Partial<ConsumerConfig> = { ...settings.extra };
  config.ack_policy = settings.ackPolicy ?? config.ack_policy ?? "explicit";
  if (settings.durable !== undefined) {
    config.durable_name = settings.durable;
    config.name = settings.durable;
  } else if (settings.name !== undefined) {
    config.name = settings.name;
  }
  applyFilter(config, settings.filterSubject ?? config.filter_subjects ?? config.filter_subject, nc);
  applyDeliverPolicy(config, settings);
  if (settings.ackWait !== undefined) config.ack_wait = durationNanos("ackWait", settings.ackWait);
  if (settings.maxDeliver !== undefined) config.max_deliver = settings.maxDeliver;
  if (settings.backoff !== undefined) {
    config.backoff = settings.backoff.map((ms, i) => durationNanos(`backoff[${i}]`, ms));
  }
  if (settings.maxAckPending !== undefined) config.max_ack_pending = settings.maxAckPending;
  if (settings.inactiveThreshold !== undefined) {
    config.inactive_threshold = durationNanos("inactiveThreshold", settings.inactiveThreshold);
  }
  if (settings.replayPolicy !== undefined) config.replay_policy = settings.replayPolicy;
  if (settings.headersOnly !== undefined) config.headers_only = settings.headersOnly;
  if (settings.memoryStorage !== undefined) config.mem_storage = settings.memoryStorage;
  if (settings.replicas !== undefined) config.num_replicas = settings.replicas;
  if (settings.description !== undefined) config.description = settings.description;
  return config;
}

// "$JS.API.CONSUMER.CREATE.{stream}.{consumer}." with names of nats-server's maximum length.
const consumerCreateSubjectBytes = "$JS.API.CONSUMER.CREATE.".length + 255 + 1 + 255 + 1;

function applyFilter(
  config: Partial<ConsumerConfig>,
  filter: string | ReadonlyArray<string> | undefined,
  nc: NatsConnection,
): void {
  delete config.filter_subject;
  delete config.filter_subjects;
  if (filter === undefined) return;
  const subjects = typeof filter === "string" ? [filter] : [...filter];
  // On 2.10+ nats.js puts a single filter into the create request's subject, next to the stream and consumer
  // names: room is kept for the longest names the server allows (255 bytes each) and the reply inbox.
  const reserved = consumerCreateSubjectBytes + replyBytesOf(nc);
  for (const subject of subjects) validSubscribeSubject(subject, "filterSubject", reserved);
  if (subjects.length === 1) {
    config.filter_subject = subjects[0] as string;
  } else if (subjects.length > 1) {
    requireFeature(
      nc,
      features.multipleFilters,
      "Use one filter subject (a wildcard can cover several), or one consumer per subject",
    );
    config.filter_subjects = subjects;
  }
}

function applyDeliverPolicy(config: Partial<ConsumerConfig>, settings: ConsumerSettings): void {
  let policy = settings.deliverPolicy;
  if (policy === undefined && settings.startSequence !== undefined) policy = "by_start_sequence";
  if (policy === undefined && settings.startTime !== undefined) policy = "by_start_time";
  if (policy === undefined) return;
  config.deliver_policy = policy;
  if (policy === "by_start_sequence") {
    const seq = settings.startSequence;
    if (seq === undefined || !Number.isInteger(seq) || seq < 1) {
      throw new ConfigError("startSequence", `by_start_sequence needs a sequence >= 1, got ${seq}`);
    }
    config.opt_start_seq = seq;
  } else if (policy === "by_start_time") {
    if (settings.startTime === undefined)
      throw new ConfigError("startTime", "by_start_time needs a startTime");
    config.opt_start_time = settings.startTime.toISOString();
  }
}
