import { ConfigError } from "../errors/operation-errors.js";
import { validQueueName } from "./subjects.js";

// The one check per kind of option value, shared by the transports and the facade, so the same mistake gets
// the same ConfigError (naming the field and the value) everywhere. A queue name goes to the wire unchecked
// by nats.js, where a space would corrupt the SUB protocol line.

export function validQueue(queue: string | undefined): string | undefined {
  return queue === undefined ? undefined : validQueueName(queue);
}

/** A duration in milliseconds (>= 1). */
export function validTimeout(timeout: unknown, field = "timeout"): number {
  if (typeof timeout !== "number" || !Number.isFinite(timeout) || timeout < 1) {
    throw new ConfigError(field, `must be a finite number of milliseconds >= 1, got ${describe(timeout)}`);
  }
  return timeout;
}

/** A list of durations in milliseconds; the failing entry is named by its index. */
export function validTimeouts(field: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw new ConfigError(field, `must be an array of ms, got ${describe(value)}`);
  return value.map((d, i) => validTimeout(d, `${field}[${i}]`));
}

/** A positive whole number, or `fallback` when absent. */
export function validCount(field: string, value: number | undefined, fallback: number): number;
export function validCount(field: string, value: number | undefined): number | undefined;
export function validCount(field: string, value: number | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(field, `must be an integer >= 1, got ${describe(value)}`);
  }
  return value;
}

/** A whole number >= 0 (0 meaning "unlimited" or "the default", as the field documents). */
export function validWholeNumber(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(field, `must be a whole number >= 0, got ${describe(value)}`);
  }
  return value;
}

export function validString(field: string, value: unknown): string {
  if (typeof value !== "string") throw new ConfigError(field, `must be a string, got ${describe(value)}`);
  return value;
}

export function validFunction<F>(field: string, value: F): F {
  if (typeof value !== "function") throw new ConfigError(field, `must be a function, got ${describe(value)}`);
  return value;
}

/** An object with the given methods (a logger, a tracer provider, a metrics recorder...). */
export function validMethods<T>(field: string, value: T, methods: readonly string[]): T {
  const missing =
    typeof value === "object" && value !== null
      ? methods.filter((m) => typeof (value as Record<string, unknown>)[m] !== "function")
      : methods;
  if (missing.length > 0) {
    throw new ConfigError(
      field,
      `must have the methods ${methods.join(", ")}; missing ${missing.join(", ")}`,
    );
  }
  return value;
}

export function validOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const choices = allowed.map((a) => `"${a}"`).join(", ");
    throw new ConfigError(field, `must be one of ${choices}, got ${describe(value)}`);
  }
  return value as T;
}

/**
 * A plain object (not an array, not null) with only `known` keys, so a misspelt or misplaced option fails
 * instead of being ignored. `hint` says where an unknown key may belong.
 */
export function validRecord(
  field: string,
  value: unknown,
  known?: readonly string[],
  hint = "",
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(field, `must be an object, got ${describe(value)}`);
  }
  const unknown = known === undefined ? undefined : Object.keys(value).find((k) => !known.includes(k));
  if (unknown !== undefined) {
    throw new ConfigError(field === "" ? unknown : `${field}.${unknown}`, `is not an option here${hint}`);
  }
  return value as Record<string, unknown>;
}

/** A value as an error message shows it: strings quoted, objects and functions by kind only. */
function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}
