// Mermaid node ids. The base id is the name with every character outside [A-Za-z0-9_] replaced by
// "_" (as Go does); on top of that, ids that would break the diagram are made unique.

// Flowchart keywords that the Mermaid 11 parser refuses as a node id (checked with mermaid.parse).
const keywords = new Set([
  "call",
  "class",
  "classDef",
  "click",
  "end",
  "flowchart",
  "graph",
  "href",
  "interpolate",
  "linkStyle",
  "style",
  "subgraph",
]);

export function sanitizeId(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/gu, "_");
}

/**
 * Hands out distinct ids in call order. The first claimant of a base id keeps it unchanged, so
 * ordinary diagrams match Go byte for byte; a later collision (a NATS service-request exchange is
 * named after its service, `a.b` and `a-b` both sanitize to `a_b`) gets `_2`, `_3`, ... instead of
 * merging two nodes into one, and keywords get a `_` suffix.
 */
export class IdAllocator {
  readonly #taken = new Set<string>();

  reserve(id: string): void {
    this.#taken.add(id);
  }

  allocate(base: string): string {
    const safe = keywords.has(base) ? `${base}_` : base;
    let id = safe;
    for (let n = 2; this.#taken.has(id); n++) id = `${safe}_${n}`;
    this.#taken.add(id);
    return id;
  }
}

/** Text inside `"..."` labels: a double quote would end the label, so it becomes Mermaid's `#quot;`. */
export function labelText(text: string): string {
  return text.replaceAll('"', "#quot;");
}
