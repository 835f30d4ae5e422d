import type { PublishOperation, RequestOperation } from "@natsflux/core";
import {
  natsRoutingKeyFromSubject,
  natsServiceRequestTarget,
  natsStreamFromSubject,
} from "../naming/nats-transport.js";

/** Where an outgoing message goes, as Go's spans and metrics name it. */
export interface PublishTarget {
  /** The stream of an event; the target service of a request. */
  readonly target: string;
  readonly routingKey: string;
}

/**
 * The stream (or target service) and routing key an outgoing subject addresses: `{stream}.{key}` for a
 * JetStream publish, `{service}.request.{key}` for a request on Core NATS.
 */
export function publishTargetOf(
  sent: Pick<PublishOperation | RequestOperation, "system" | "subject">,
): PublishTarget {
  const { subject } = sent;
  if (sent.system !== "jetstream") {
    const request = natsServiceRequestTarget(subject);
    if (request !== undefined) return { target: request.service, routingKey: request.routingKey };
  }
  const routingKey = natsRoutingKeyFromSubject(subject);
  return { target: natsStreamFromSubject(subject, routingKey), routingKey };
}
