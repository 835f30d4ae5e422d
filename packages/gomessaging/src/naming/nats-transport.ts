import { assertConsumerSuffix, assertDurableName } from "./name-rules.js";
import { natsSubject, translateWildcard } from "./nats.js";

// Names the Go NATS transport derives on top of the spec functions (its naming.go), so that a
// TypeScript service lands on the very same streams, subjects and durables.

/** The one subject a stream captures: `{stream}.>`. */
export function natsStreamSubjects(stream: string): string[] {
  return [`${stream}.>`];
}

/** A consumer's filter: `{stream}.{routingKey}` with `#` translated (`#` alone gives `{stream}.>`). */
export function natsConsumerFilterSubject(stream: string, routingKey: string): string {
  return natsSubject(stream, translateWildcard(routingKey));
}

/**
 * The durable consumer name: `{service}`, or `{service}-{suffix}` with a consumer-name suffix.
 * The same name is used on every stream, because consumers are scoped per stream.
 * Unlike the subject helpers it validates, since it is where a user-given suffix enters:
 * throws `InvalidNameError` for an empty suffix or a name nats-server would refuse.
 */
export function natsDurableName(service: string, suffix?: string): string {
  if (suffix === undefined) {
    assertDurableName(service);
    return service;
  }
  assertConsumerSuffix(suffix);
  const name = `${service}-${suffix}`;
  assertDurableName(name);
  return name;
}

const requestInfix = ".request.";

/** Core NATS subject of requests to `service`: `{service}.request.{routingKey}`, key used as given. */
export function natsServiceRequestSubject(service: string, routingKey: string): string {
  return `${service}${requestInfix}${routingKey}`;
}

/**
 * The service and routing key of a service request subject (`{service}.request.{routingKey}`, split at
 * the first `.request.`), or `undefined` when `subject` is not one.
 */
export function natsServiceRequestTarget(
  subject: string,
): { service: string; routingKey: string } | undefined {
  const at = subject.indexOf(requestInfix);
  if (at < 0) return undefined;
  return { service: subject.slice(0, at), routingKey: subject.slice(at + requestInfix.length) };
}

/** The routing key of a received JetStream message: the subject after its first `.` (all of it if none). */
export function natsRoutingKeyFromSubject(subject: string): string {
  const dot = subject.indexOf(".");
  return dot < 0 ? subject : subject.slice(dot + 1);
}

/** The stream of a JetStream subject whose routing key is `routingKey`: what precedes `.{key}` ("" if no dot). */
export function natsStreamFromSubject(subject: string, routingKey: string): string {
  return routingKey.length === subject.length ? "" : subject.slice(0, subject.length - routingKey.length - 1);
}
