import { randomUUID } from "node:crypto";
import { CEDefaultDataContentType, CESpecVersionValue } from "./attributes.js";
import type { Metadata } from "./metadata.js";
import { formatCETime } from "./time.js";

/** Where a message came from: a gomessaging delivery info (stream or subject, and routing key) fits. */
export interface DeliveryOrigin {
  /** Stream name (JetStream) or full subject (Core). Becomes the synthetic `source`. */
  readonly source: string;
  /** Routing key. Becomes the synthetic `type`. */
  readonly key: string;
}

/** Injectable clock and id generator of `enrichLegacyMetadata`, for tests. */
export interface EnrichOptions {
  /** Clock for a missing timestamp; `new Date()` by default. */
  readonly now?: () => Date;
  /** Id generator for a missing id; `randomUUID` (v4) by default. */
  readonly newId?: () => string;
}

/**
 * Fills what a legacy (or partial) message lacks: id, timestamp, type (routing key), source,
 * `application/json` and spec version 1.0. Never correlationId or subject. Returns a new object.
 */
export function enrichLegacyMetadata(
  metadata: Metadata,
  origin: DeliveryOrigin,
  options: EnrichOptions = {},
): Metadata {
  return {
    ...metadata,
    id: metadata.id || (options.newId ?? randomUUID)(),
    timestamp: metadata.timestamp || formatCETime((options.now ?? (() => new Date()))()),
    type: metadata.type || origin.key,
    source: metadata.source || origin.source,
    dataContentType: metadata.dataContentType || CEDefaultDataContentType,
    specVersion: metadata.specVersion || CESpecVersionValue,
  };
}
