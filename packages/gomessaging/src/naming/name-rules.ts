import { utf8Length } from "@natsflux/core/internal";
import { InvalidNameError } from "../errors/invalid-name-error.js";

// nats-server refuses stream and consumer names with these characters: they are subject tokens,
// wildcards or path separators in its file store. Go does not check; we fail early instead.
const forbiddenNameChars: ReadonlyArray<readonly [RegExp, string]> = [
  [/\./u, `contains "." (a subject token separator)`],
  [/\*/u, `contains "*" (a subject wildcard)`],
  [/>/u, `contains ">" (a subject wildcard)`],
  [/[\s\p{Cc}]/u, "contains whitespace or a control character"],
  [/[/\\]/u, "contains a path separator"],
];

// nats-server's JSMaxNameLen: longer stream and consumer names are refused by the JetStream API.
const maxNameBytes = 255;

function assertBrokerName(field: string, kind: string, name: string): void {
  if (name === "") throw new InvalidNameError(field, name, `${kind} must not be empty`);
  const bytes = utf8Length(name);
  if (bytes > maxNameBytes) {
    throw new InvalidNameError(
      field,
      name,
      `${kind} is ${bytes} bytes, nats-server allows at most ${maxNameBytes}`,
    );
  }
  for (const [pattern, problem] of forbiddenNameChars) {
    if (pattern.test(name)) throw new InvalidNameError(field, name, `${kind} ${problem}`);
  }
}

/** Throws `InvalidNameError` unless nats-server would accept `name` as a stream name. */
export function assertStreamName(name: string): void {
  assertBrokerName("streamName", "a NATS stream name", name);
}

/** Throws `InvalidNameError` unless nats-server would accept `name` as a durable consumer name. */
export function assertDurableName(name: string): void {
  assertBrokerName("durableName", "a NATS durable name", name);
}

/** Go's `ErrEmptySuffix`; other bad characters surface through the durable name check. */
export function assertConsumerSuffix(suffix: string): void {
  if (suffix === "")
    throw new InvalidNameError("consumerSuffix", suffix, "empty consumer suffix not allowed");
}

/**
 * Throws `InvalidNameError` for routing keys that cannot become a valid subject or filter:
 * empty, `>` (write `#`), whitespace, an empty token (`a..b`, leading or trailing `.`), `#` anywhere
 * but as the whole last token (NATS `>` must end a filter), or `*` inside a token (NATS would take
 * `Cre*` literally while routing-key matching treats it as a wildcard).
 */
export function assertRoutingKey(routingKey: string): void {
  const fail = (reason: string): never => {
    throw new InvalidNameError("routingKey", routingKey, reason);
  };
  if (routingKey === "") fail("routing key must not be empty");
  if (routingKey.includes(">")) fail("routing key must not contain '>' (use '#' for multi-level wildcard)");
  if (/[\s\p{Cc}]/u.test(routingKey)) fail("routing key must not contain whitespace or control characters");
  const tokens = routingKey.split(".");
  if (tokens.includes("")) fail("routing key must not have empty tokens (leading, trailing or double '.')");
  const hash = tokens.findIndex((token) => token.includes("#"));
  if (hash >= 0 && (hash !== tokens.length - 1 || tokens[hash] !== "#")) {
    fail("'#' must be a whole token and the last one");
  }
  if (tokens.some((token) => token.includes("*") && token !== "*")) fail("'*' must be a whole token");
}
