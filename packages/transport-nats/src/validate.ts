import { ConfigError } from "@natsflux/core";

// nats.js only rejects empty subjects and whitespace on publish; subscriptions are checked here before
// anything is sent.
const whitespace = /\s/;

export function validSubject(subject: string, field = "subject"): string {
  if (typeof subject !== "string" || subject.length === 0 || whitespace.test(subject)) {
    throw new ConfigError(
      field,
      `must be a non-empty NATS subject without whitespace, got ${JSON.stringify(subject)}`,
    );
  }
  return subject;
}
