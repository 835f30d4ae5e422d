// The span attributes the Go transport sets besides OpenTelemetry's own (wire contract 6.2). Spelled here
// so the spec needs no OpenTelemetry package; the values are the wire's.

/** The stream (or target service) of a publish span. */
export const AttrDestinationName = "messaging.destination.name";
/** On consume spans Go records the routing key under this name, not the subject. */
export const AttrNatsSubject = "messaging.nats.subject";
/** The consumer (`DeliveryInfo.destination`) of a consume span. */
export const AttrDestinationSubscription = "messaging.destination.subscription";
/** The service name, on every span. */
export const AttrClientId = "messaging.client_id";
