import { ConfigError } from "@natsflux/core";

// nats.js only rejects empty subjects and whitespace; a queue name goes to the wire unchecked, where a space
// would corrupt the SUB protocol line, so both are checked here before anything is sent.
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

export function validQueue(queue: string | undefined): string | undefined {
  if (queue === undefined) return undefined;
  if (typeof queue !== "string" || queue.length === 0 || whitespace.test(queue)) {
    throw new ConfigError(
      "queue",
      `must be a non-empty queue group name without whitespace, got ${JSON.stringify(queue)}`,
    );
  }
  return queue;
}

export function validTimeout(timeout: number, field = "timeout"): number {
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 1) {
    throw new ConfigError(field, `must be a finite number of milliseconds >= 1, got ${timeout}`);
  }
  return timeout;
}

export function validMaxPending(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError("maxPending", `must be an integer >= 1, got ${value}`);
  }
  return value;
}
