import { CEHeaderPrefix } from "./attributes.js";

// Other bindings spell CloudEvents headers differently: AMQP uses `cloudEvents:`, JMS `cloudEvents_`.
const foreignPrefixes = ["cloudEvents:", "cloudEvents_"] as const;

/**
 * True when any header looks like a CloudEvents attribute (`ce-`, `cloudEvents:` or `cloudEvents_`
 * prefix). Messages without one are legacy and get `enrichLegacyMetadata`. (Go checks only the five
 * required `ce-` keys.)
 */
export function hasCEHeaders(headers: Readonly<Record<string, unknown>>): boolean {
  // A plain loop: this runs for every received message, and a `ce-` key usually comes second.
  for (const key of Object.keys(headers)) {
    if (key.startsWith(CEHeaderPrefix)) return true;
    for (const prefix of foreignPrefixes) if (key.startsWith(prefix)) return true;
  }
  return false;
}

/**
 * A copy of `headers` with `cloudEvents:x` and `cloudEvents_x` renamed to `ce-x`; other keys are kept.
 * When both spellings are present the `ce-` one wins (Go's result depends on map order).
 */
export function normalizeCEHeaders<V>(headers: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = {};
  const renamed: Array<readonly [string, V]> = [];
  for (const [key, value] of Object.entries(headers)) {
    const prefix = foreignPrefixes.find((p) => key.startsWith(p));
    if (prefix === undefined) out[key] = value;
    else renamed.push([`${CEHeaderPrefix}${key.slice(prefix.length)}`, value]);
  }
  for (const [key, value] of renamed) {
    if (!Object.hasOwn(out, key)) out[key] = value;
  }
  return out;
}
