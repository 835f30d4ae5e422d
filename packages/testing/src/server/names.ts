import { randomBytes } from "node:crypto";

/**
 * `prefix` plus 8 random hex digits, e.g. "t_ab12cd34". Characters outside letters, digits, `_` and `-`
 * become `_`, so the result is a valid stream/consumer name and a single subject token.
 */
export function uniqueName(prefix: string): string {
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, "_");
  return `${safe}_${randomBytes(4).toString("hex")}`;
}
