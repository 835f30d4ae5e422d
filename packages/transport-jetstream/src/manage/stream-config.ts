import type { StreamConfig } from "@nats-io/jetstream";
import { nanos } from "@nats-io/nats-core";
import { ConfigError } from "@natsflux/core";

/**
 * The stream `ensureStream()` should make exist. Durations are milliseconds. Fields left out are not sent:
 * a new stream gets the server defaults, an existing one keeps its current values.
 */
export interface StreamSettings {
  readonly name: string;
  readonly subjects: ReadonlyArray<string>;
  /** Storage of a new stream. Left out, an existing stream keeps its storage. @default "file" */
  readonly storage?: "file" | "memory";
  readonly retention?: "limits" | "interest" | "workqueue";
  readonly discard?: "old" | "new";
  /** Oldest message kept, in ms; 0 means no limit. */
  readonly maxAge?: number;
  readonly maxBytes?: number;
  readonly maxMsgs?: number;
  readonly maxMsgsPerSubject?: number;
  readonly maxMsgSize?: number;
  /** How long `msgId`s are remembered for de-duplication, in ms (server default 2 min). */
  readonly duplicateWindow?: number;
  readonly replicas?: number;
  readonly description?: string;
  /** Any other nats.js `StreamConfig` field, sent as given (durations there are nanoseconds). */
  readonly extra?: Partial<StreamConfig>;
}

/** The nats.js configuration for `settings`; throws `ConfigError` for values no server would accept. */
export function toStreamConfig(settings: StreamSettings): Partial<StreamConfig> & { name: string } {
  if (!settings.name) throw new ConfigError("name", "a stream needs a name");
  if (settings.subjects.length === 0)
    throw new ConfigError("subjects", "a stream needs at least one subject");
  const config: Partial<StreamConfig> & { name: string } = {
    ...settings.extra,
    name: settings.name,
    subjects: [...settings.subjects],
  };
  // Only sent when asked for: an existing memory stream must not turn into a conflict because of a default.
  if (settings.storage !== undefined) config.storage = settings.storage;
  if (settings.retention !== undefined) config.retention = settings.retention;
  if (settings.discard !== undefined) config.discard = settings.discard;
  if (settings.maxAge !== undefined) config.max_age = durationNanos("maxAge", settings.maxAge);
  if (settings.maxBytes !== undefined) config.max_bytes = settings.maxBytes;
  if (settings.maxMsgs !== undefined) config.max_msgs = settings.maxMsgs;
  if (settings.maxMsgsPerSubject !== undefined) config.max_msgs_per_subject = settings.maxMsgsPerSubject;
  if (settings.maxMsgSize !== undefined) config.max_msg_size = settings.maxMsgSize;
  if (settings.duplicateWindow !== undefined) {
    config.duplicate_window = durationNanos("duplicateWindow", settings.duplicateWindow);
  }
  if (settings.replicas !== undefined) config.num_replicas = settings.replicas;
  if (settings.description !== undefined) config.description = settings.description;
  return config;
}

export function durationNanos(field: string, ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new ConfigError(field, `must be a duration in ms >= 0, got ${ms}`);
  return nanos(ms);
}
