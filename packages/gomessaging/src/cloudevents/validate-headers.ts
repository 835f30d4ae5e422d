import { CERequiredAttributes } from "./attributes.js";
import type { IncomingHeaders } from "./metadata.js";

/**
 * One warning per required attribute that is missing or not a string, in `CERequiredAttributes`
 * order, worded exactly as Go words them. An empty string counts as present, as in Go.
 */
export function validateCEHeaders(headers: IncomingHeaders): string[] {
  const warnings: string[] = [];
  for (const key of CERequiredAttributes) {
    const value = Object.hasOwn(headers, key) ? headers[key] : undefined;
    if (value === undefined) warnings.push(`missing required attribute "${key}"`);
    else if (typeof value !== "string") warnings.push(`attribute "${key}" is not a string`);
  }
  return warnings;
}
