// NATS names shared by every gomessaging transport (spec level).

const topicSuffix = ".topic.exchange";

/**
 * The stream behind a logical exchange name: a trailing `.topic.exchange` is dropped, anything else is
 * kept as given (so `events.other.suffix` stays, and is then refused by `assertStreamName`).
 */
export function natsStreamName(name: string): string {
  return name.endsWith(topicSuffix) ? name.slice(0, -topicSuffix.length) : name;
}

/** `{stream}.{routingKey}`: the subject a message is published on. */
export function natsSubject(stream: string, routingKey: string): string {
  return `${stream}.${routingKey}`;
}

/** AMQP multi-level `#` becomes NATS `>`; single-level `*` is the same in both. */
export function translateWildcard(routingKey: string): string {
  return routingKey.replaceAll("#", ">");
}
