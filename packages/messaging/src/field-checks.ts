import { ConfigError } from "@natsflux/core";
import { validTimeout } from "@natsflux/core/internal";

// The one check per kind of value, shared by ConnectionOptions, the option setups and the consumer options,
// so a value is refused with the same ConfigError wherever it is given.

/** A whole number >= 0 (0 meaning "unlimited" or "the default", as the field documents). */
export function checkCount(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new ConfigError(field, `must be a whole number >= 0, got ${describe(value)}`);
  }
  return value;
}

/** A duration in milliseconds (>= 1). */
export function checkDuration(field: string, value: unknown): number {
  return validTimeout(value as number, field);
}

/** A list of durations in milliseconds; the failing entry is named by its index. */
export function checkDurations(field: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw new ConfigError(field, `must be an array of ms, got ${describe(value)}`);
  return value.map((d, i) => checkDuration(`${field}[${i}]`, d));
}

export function checkString(field: string, value: unknown): string {
  if (typeof value !== "string") throw new ConfigError(field, `must be a string, got ${describe(value)}`);
  return value;
}

export function checkFunction<F>(field: string, value: F): F {
  if (typeof value !== "function") throw new ConfigError(field, `must be a function, got ${describe(value)}`);
  return value;
}

/** An object with the given methods (a logger, a tracer provider, a metrics recorder...). */
export function checkMethods<T>(field: string, value: T, methods: readonly string[]): T {
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

export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new ConfigError(
      field,
      `must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${describe(value)}`,
    );
  }
  return value as T;
}

/**
 * A plain object (not an array, not null) with only `known` keys, so a misspelt or misplaced option fails
 * instead of being ignored. `hint` says where an unknown key may belong.
 */
export function checkRecord(
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

function describe(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}
