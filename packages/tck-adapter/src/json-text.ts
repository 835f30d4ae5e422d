import { RawJson } from "./raw-json.js";

/**
 * `JSON.stringify` for protocol results, except that a `RawJson` is written as its text (Node 20 has no
 * `JSON.rawJSON`). Plain objects, arrays and primitives only; `undefined` properties are left out.
 */
export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? "null" : jsonText(item))).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) members.push(`${JSON.stringify(key)}:${jsonText(item)}`);
    }
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
