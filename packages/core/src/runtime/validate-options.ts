import { ConfigError } from "../errors/operation-errors.js";
import { validQueueName } from "./subjects.js";

// Option checks shared by the transports, so the same mistake gets the same error everywhere. A queue
// name goes to the wire unchecked by nats.js, where a space would corrupt the SUB protocol line.

export function validQueue(queue: string | undefined): string | undefined {
  return queue === undefined ? undefined : validQueueName(queue);
}

export function validTimeout(timeout: number, field = "timeout"): number {
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 1) {
    throw new ConfigError(field, `must be a finite number of milliseconds >= 1, got ${timeout}`);
  }
  return timeout;
}

/** A positive whole number, or `fallback` when absent. */
export function validCount(field: string, value: number | undefined, fallback: number): number;
export function validCount(field: string, value: number | undefined): number | undefined;
export function validCount(field: string, value: number | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(field, `must be an integer >= 1, got ${value}`);
  }
  return value;
}
