import {
  enrichLegacyMetadata,
  hasCEHeaders,
  type Metadata,
  metadataFromHeaders,
  normalizeCEHeaders,
  validateCEHeaders,
} from "@natsflux/spec";
import type { DeliveryInfo } from "../event.js";
import type { Logger } from "../logger.js";

const bridgedPrefix = /^cloudEvents[:_]/;

/**
 * Metadata of a received message, as the spec asks (Go skips the enrichment): `cloudEvents:`/`_` keys
 * from AMQP bridges are normalised, legacy messages without CloudEvents headers are enriched silently,
 * and partial ones are enriched with a warning listing what was missing (when `warn` is set: JetStream).
 */
export function incomingMetadata(deliveryInfo: DeliveryInfo, logger: Logger, warn: boolean): Metadata {
  let headers = deliveryInfo.headers;
  for (const key in headers) {
    // startsWith first: the regex would otherwise run for every key of every message.
    if (key.startsWith("cloudEvents") && bridgedPrefix.test(key)) {
      headers = normalizeCEHeaders(headers);
      break;
    }
  }
  const metadata = metadataFromHeaders(headers);
  if (!hasCEHeaders(headers)) return enrichLegacyMetadata(metadata, deliveryInfo);
  if (warn) {
    const warnings = validateCEHeaders(headers);
    if (warnings.length === 0) return metadata;
    logger.warn("incoming message has invalid CloudEvents headers", {
      warnings,
      routingKey: deliveryInfo.key,
    });
  }
  return enrichLegacyMetadata(metadata, deliveryInfo);
}
