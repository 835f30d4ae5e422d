import { validRecord, validWholeNumber } from "@natsflux/core/internal";

/** Retention limits of a stream; 0 or absent means unlimited. */
export interface StreamLimits {
  /** Maximum age of a message, in milliseconds. */
  readonly maxAge?: number;
  readonly maxBytes?: number;
  readonly maxMsgs?: number;
  /** Replicas (1, 3 or 5 in a cluster). Go never sets it; absent means the server default (1). */
  readonly replicas?: number;
}

const limitKeys = ["maxAge", "maxBytes", "maxMsgs", "replicas"] as const;

export function validateStreamLimits(field: string, limits: StreamLimits): StreamLimits {
  const record = validRecord(field, limits, limitKeys);
  for (const key of limitKeys) {
    if (record[key] !== undefined) validWholeNumber(`${field}.${key}`, record[key]);
  }
  return { ...limits };
}

export function hasRetentionLimits(limits: StreamLimits): boolean {
  return Boolean(limits.maxAge || limits.maxBytes || limits.maxMsgs);
}
