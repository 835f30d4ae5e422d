import { ConfigError } from "@natsflux/core";

/** Retention limits of a stream; 0 or absent means unlimited. */
export interface StreamLimits {
  /** Maximum age of a message, in milliseconds. */
  readonly maxAge?: number;
  readonly maxBytes?: number;
  readonly maxMsgs?: number;
  /** Replicas (1, 3 or 5 in a cluster). Go never sets it; absent means the server default (1). */
  readonly replicas?: number;
}

export function validateStreamLimits(field: string, limits: StreamLimits): StreamLimits {
  for (const key of ["maxAge", "maxBytes", "maxMsgs", "replicas"] as const) {
    const value = limits[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new ConfigError(`${field}.${key}`, `must be a whole number >= 0, got ${value}`);
    }
  }
  return { ...limits };
}

export function hasRetentionLimits(limits: StreamLimits): boolean {
  return Boolean(limits.maxAge || limits.maxBytes || limits.maxMsgs);
}
