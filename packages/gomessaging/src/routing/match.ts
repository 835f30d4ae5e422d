// Routing-key patterns as the spec defines them: `*` is any run of characters without a `.`
// (one segment), `#` is any run at all (so `#` also matches ""), and the whole key must match.
// Unlike the Go and original TS regex builders, every other character is matched literally,
// so keys containing regex metacharacters (`a+b`, `(x)`) behave like plain text instead of
// silently never matching.

/** Compiles `pattern` once, for callers that test many keys against it. */
export function routingKeyMatcher(pattern: string): (routingKey: string) => boolean {
  let source = "^";
  for (const char of pattern) {
    if (char === "*") source += "[^.]*";
    else if (char === "#") source += ".*";
    else source += char.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
  }
  const regex = new RegExp(`${source}$`, "u");
  return (routingKey) => regex.test(routingKey);
}

/** True when `routingKey` (a concrete key) is matched by the binding `pattern`. */
export function matchRoutingKey(pattern: string, routingKey: string): boolean {
  return routingKeyMatcher(pattern)(routingKey);
}

/** True when some key could be routed by both patterns (checked by matching each against the other). */
export function routingKeyOverlaps(p1: string, p2: string): boolean {
  return p1 === p2 || matchRoutingKey(p1, p2) || matchRoutingKey(p2, p1);
}
