import { ConfigError } from "@natsflux/core";

// The same rules as the Core NATS transport, so code that passes here does not fail against a server.
const whitespace = /\s/;

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

export function validBufferSize(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError("bufferSize", `must be an integer >= 1, got ${value}`);
  }
  return value;
}
