import type { DeliveryInfo } from "../delivery/delivery.js";
import { enrichLegacyMetadata } from "./enrich.js";
import { type Metadata, metadataFromHeaders } from "./metadata.js";
import { hasCEHeaders, normalizeCEHeaders } from "./normalize.js";
import { validateCEHeaders } from "./validate-headers.js";

const bridgedPrefix = /^cloudEvents[:_]/;

/** Told which required CloudEvents attributes a received message lacks (Go's wording), before enrichment. */
export type InvalidCEHeadersListener = (warnings: string[], delivery: Pick<DeliveryInfo, "key">) => void;

/**
 * The metadata of a received message, as the spec asks (Go skips the enrichment): `cloudEvents:`/`_`
 * keys from AMQP bridges are normalised, a legacy message without CloudEvents headers is enriched
 * silently, and a partial one is enriched too, after `onInvalid` (when given) heard what was missing.
 */
export function incomingMetadata(
  delivery: Pick<DeliveryInfo, "source" | "key" | "headers">,
  onInvalid?: InvalidCEHeadersListener,
): Metadata {
  let headers = delivery.headers;
  for (const key in headers) {
    // startsWith first: the regex would otherwise run for every key of every message.
    if (key.startsWith("cloudEvents") && bridgedPrefix.test(key)) {
      headers = normalizeCEHeaders(headers);
      break;
    }
  }
  const metadata = metadataFromHeaders(headers);
  if (!hasCEHeaders(headers)) return enrichLegacyMetadata(metadata, delivery);
  if (onInvalid !== undefined) {
    const warnings = validateCEHeaders(headers);
    if (warnings.length === 0) return metadata;
    onInvalid(warnings, delivery);
  }
  return enrichLegacyMetadata(metadata, delivery);
}
