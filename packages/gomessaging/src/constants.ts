/** The shared event exchange; on NATS it is also the default stream name. */
export const DefaultEventExchangeName = "events";

/** `source` of consumer notifications. */
export const NotificationSource = "CONSUMER";
export type NotificationSource = typeof NotificationSource;

/**
 * Text of the JSON parse failure. The Go NATS transport links spec v0.0.1, whose text is this one
 * (Go HEAD says "failed to parse JSON payload"); error replies on the wire end with it.
 */
export const ErrParseJSON = "failed to parse";
