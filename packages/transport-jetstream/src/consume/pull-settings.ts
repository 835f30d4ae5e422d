import { ConfigError } from "@natsflux/core";
import type { PullOptions } from "./subscribe-options.js";

export interface PullSettings {
  readonly batch: number;
  readonly capacity: number;
  readonly expires: number;
  readonly idleHeartbeat: number;
}

/** Validated pull settings, with `defaultBuffer` when `bufferSize` is left out. */
export function pullSettings(options: PullOptions, defaultBuffer: number): PullSettings {
  const capacity = options.bufferSize ?? defaultBuffer;
  if (!Number.isInteger(capacity) || capacity < 2) {
    throw new ConfigError("bufferSize", `must be an integer >= 2, got ${capacity}`);
  }
  const batch = options.batch ?? Math.min(256, Math.floor(capacity / 2));
  if (!Number.isInteger(batch) || batch < 1 || batch > capacity / 2) {
    throw new ConfigError(
      "batch",
      `must be an integer from 1 to bufferSize / 2 (${capacity / 2}), got ${batch}`,
    );
  }
  const expires = options.expires ?? 30_000;
  if (!Number.isFinite(expires) || expires < 1000) {
    throw new ConfigError("expires", `must be at least 1000 ms, got ${expires}`);
  }
  const idleHeartbeat = options.idleHeartbeat ?? Math.min(5000, expires / 2);
  if (!Number.isFinite(idleHeartbeat) || idleHeartbeat < 500 || idleHeartbeat >= expires) {
    throw new ConfigError(
      "idleHeartbeat",
      `must be from 500 ms to less than expires (${expires}), got ${idleHeartbeat}`,
    );
  }
  return { batch, capacity, expires, idleHeartbeat };
}
