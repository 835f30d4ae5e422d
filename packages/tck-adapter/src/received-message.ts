import { isRFC3339 } from "@natsflux/gomessaging";
import type { ConsumableEvent, Metadata } from "@natsflux/messaging";
import type { ReceivedMessage, WireMetadata } from "./protocol.js";
import type { RawJson } from "./raw-json.js";

/**
 * Go's `time.Time` fails to decode "" (and anything that is not RFC 3339), which would break the whole
 * `received` call, so such timestamps are left out; Go then sees its zero time, as for a missing header.
 */
export function wireMetadata(metadata: Metadata): WireMetadata {
  return {
    id: metadata.id,
    correlationId: metadata.correlationId,
    ...(isRFC3339(metadata.timestamp) ? { timestamp: metadata.timestamp } : {}),
    source: metadata.source,
    type: metadata.type,
    // Go's omitempty fields.
    ...(metadata.subject === "" ? {} : { subject: metadata.subject }),
    ...(metadata.dataContentType === "" ? {} : { dataContentType: metadata.dataContentType }),
    specVersion: metadata.specVersion,
  };
}

/** What `received` reports for a delivery, as the Go adapter records it (routing key = delivery key). */
export function receivedMessage(event: ConsumableEvent<RawJson>): ReceivedMessage {
  const { destination, source, key, headers } = event.deliveryInfo;
  return {
    routingKey: key,
    payload: event.payload,
    metadata: wireMetadata(event.metadata),
    deliveryInfo: {
      Destination: destination,
      Source: source,
      Key: key,
      // fromEntries defines own properties, so even a "__proto__" header stays a header.
      Headers: Object.fromEntries(Object.entries(headers)),
    },
  };
}
