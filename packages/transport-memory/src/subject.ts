import { ConfigError } from "@natsflux/core";

// NATS subjects: tokens separated by ".", no whitespace, no empty token. In a subscription `*` stands for
// exactly one token and `>` for one or more trailing tokens; anywhere else they are literal characters
// (`a*` is a literal token), as in nats-server.
const whitespace = /\s/;

/** Checks a subject a message is published to: no wildcards, since a message has one concrete subject. */
export function validPublishSubject(subject: string, field = "subject"): string {
  const tokens = tokensOf(subject, field);
  if (tokens.some((t) => t === "*" || t === ">")) {
    throw new ConfigError(field, `cannot publish to a wildcard subject, got ${JSON.stringify(subject)}`);
  }
  return subject;
}

/** Checks a subscription subject: wildcards allowed, `>` only as the last token. */
export function validSubscribeSubject(subject: string, field = "subject"): string {
  const tokens = tokensOf(subject, field);
  if (tokens.slice(0, -1).includes(">")) {
    throw new ConfigError(field, `">" may only be the last token, got ${JSON.stringify(subject)}`);
  }
  return subject;
}

/** True when a message published to `subject` reaches a subscription to `pattern` (both assumed valid). */
export function subjectMatches(pattern: string, subject: string): boolean {
  if (pattern === subject) return true;
  const want = pattern.split(".");
  const have = subject.split(".");
  for (let i = 0; i < want.length; i++) {
    const token = want[i];
    if (token === ">") return have.length > i;
    if (i >= have.length) return false;
    if (token !== "*" && token !== have[i]) return false;
  }
  return want.length === have.length;
}

function tokensOf(subject: string, field: string): string[] {
  if (typeof subject !== "string" || subject.length === 0 || whitespace.test(subject)) {
    throw new ConfigError(
      field,
      `must be a non-empty NATS subject without whitespace, got ${JSON.stringify(subject)}`,
    );
  }
  const tokens = subject.split(".");
  if (tokens.includes("")) {
    throw new ConfigError(field, `must not contain empty tokens, got ${JSON.stringify(subject)}`);
  }
  return tokens;
}
