// OpenTelemetry messaging attribute names natsflux sets. They are still "incubating" in
// @opentelemetry/semantic-conventions, whose guidance is to copy incubating names into your own
// constants rather than import `/incubating` at runtime (that entry point is megabytes and slows the
// first import). test/semconv.test.ts checks these against the package, so a rename shows up there.

export const ATTR_MESSAGING_CONSUMER_GROUP_NAME = "messaging.consumer.group.name";
export const ATTR_MESSAGING_DESTINATION_NAME = "messaging.destination.name";
export const ATTR_MESSAGING_MESSAGE_BODY_SIZE = "messaging.message.body.size";
export const ATTR_MESSAGING_MESSAGE_ID = "messaging.message.id";
/** Deprecated by the conventions in favour of `messaging.operation.name`; the Go transport still sets it. */
export const ATTR_MESSAGING_OPERATION = "messaging.operation";
export const ATTR_MESSAGING_OPERATION_TYPE = "messaging.operation.type";
export const ATTR_MESSAGING_SYSTEM = "messaging.system";
export const MESSAGING_OPERATION_TYPE_VALUE_PROCESS = "process";
export const MESSAGING_OPERATION_TYPE_VALUE_SEND = "send";
