/**
 * Instrumentation scope of every span natsflux creates (the facade's and `otelTelemetry`'s). Go uses
 * its module path, `github.com/sparetimecoders/go-messaging-nats`; filter on either to see both sides.
 */
export const NATSFLUX_TRACER_NAME = "natsflux";

// Attribute keys the Go transport sets that the semantic conventions do not define (or define under
// another key). They are kept exactly, so traces from Go and natsflux services can be queried alike.

/** Full NATS subject on publish spans; the routing key on consume spans (the Go transport's meaning). */
export const ATTR_MESSAGING_NATS_SUBJECT = "messaging.nats.subject";
/** The durable consumer ("" when ephemeral) or the service name for service requests. */
export const ATTR_MESSAGING_DESTINATION_SUBSCRIPTION = "messaging.destination.subscription";
/** The service name. Go's key; the current convention calls it `messaging.client.id`. */
export const ATTR_MESSAGING_CLIENT_ID_GO = "messaging.client_id";

/** `messaging.system` of NATS and JetStream spans. */
export const MESSAGING_SYSTEM_NATS = "nats";
