import type { ProcessOperation } from "@natsflux/core";
import type { DeliveryOrigin } from "../cloudevents/enrich.js";
import {
  natsRoutingKeyFromSubject,
  natsServiceRequestTarget,
  natsStreamFromSubject,
} from "../naming/nats-transport.js";

/** Where a received message came from, as Go's `DeliveryInfo` says it. */
export interface DeliveryInfo extends DeliveryOrigin {
  /** Durable consumer name ("" for an ephemeral consumer); the service name for service requests. */
  readonly destination: string;
  /** Every header exactly as received. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What `deliveryOf` reads of a received message: a transport's `ProcessOperation` fits. */
export type ReceivedMessage = Pick<ProcessOperation, "system" | "subject" | "headers" | "destination">;

/**
 * Go's `DeliveryInfo` of a received message. A JetStream event: `consumer` (the durable, "" if
 * ephemeral), its stream and the routing key after it. Anything else is a service request on Core NATS:
 * `serviceName`, the full subject, and the key after `.request.` (the whole subject without one).
 */
export function deliveryOf(received: ReceivedMessage, consumer: string, serviceName: string): DeliveryInfo {
  const { subject, headers } = received;
  if (received.system === "jetstream") {
    const key = natsRoutingKeyFromSubject(subject);
    const source = received.destination ?? natsStreamFromSubject(subject, key);
    return { destination: consumer, source, key, headers };
  }
  const key = natsServiceRequestTarget(subject)?.routingKey ?? subject;
  return { destination: serviceName, source: subject, key, headers };
}
