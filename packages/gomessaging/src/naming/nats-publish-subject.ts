import { InvalidNameError } from "../errors/invalid-name-error.js";
import { natsSubject } from "./nats.js";

// Wildcards of routing keys (`*`, `#`) and of NATS (`>`) would make the subject a filter, or one that a
// consumer's key matching reads differently; the other subject rules are the transport's to check.
const wildcardChars = /[*>#]/;

/**
 * The subject a stream publisher sends `routingKey` on: `{stream}.{routingKey}`. Throws `InvalidNameError`
 * (field `routingKey`) for an empty key or one with a wildcard: a published key names one message type.
 */
export function natsPublishSubject(stream: string, routingKey: string): string {
  if (routingKey === "" || wildcardChars.test(routingKey)) {
    throw new InvalidNameError(
      "routingKey",
      routingKey,
      "a published routing key must be non-empty, without wildcards, whitespace or empty tokens",
    );
  }
  return natsSubject(stream, routingKey);
}
