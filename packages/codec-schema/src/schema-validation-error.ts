import type { StandardSchemaV1 } from "@standard-schema/spec";

/** How many issues the message spells out; `issues` always has all of them. */
const listedIssues = 10;

/**
 * A value did not match its Standard Schema. Thrown by `schemaCodec` from `decode` (and from `encode` with
 * `validateOnEncode`); transports wrap it as the `cause` of a `DecodeError`/`EncodeError`, which carry the
 * natsflux error code, codec name and subject. It extends `Error` rather than a natsflux error class because
 * it is not a failure of its own kind: on its own, outside a transport, it is what a codec throws.
 */
export class SchemaValidationError extends Error {
  /** Every issue the schema reported, with the schema library's own messages and paths. */
  readonly issues: ReadonlyArray<StandardSchemaV1.Issue>;
  /** The schema library that reported them, e.g. "zod", "valibot", "arktype". */
  readonly vendor: string;

  constructor(vendor: string, issues: ReadonlyArray<StandardSchemaV1.Issue>) {
    super(`value does not match the ${vendor} schema: ${summarize(issues)}`);
    this.name = "SchemaValidationError";
    this.vendor = vendor;
    this.issues = issues;
  }
}

function summarize(issues: ReadonlyArray<StandardSchemaV1.Issue>): string {
  if (issues.length === 0) return "(the schema reported no issues)";
  const listed = issues
    .slice(0, listedIssues)
    .map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
  const more = issues.length - listed.length;
  return more > 0 ? `${listed.join("; ")}; and ${more} more` : listed.join("; ");
}

/** `items[0].name`, `["odd key"]`, `[Symbol(tag)]`; "(root)" for an issue about the whole value. */
function formatIssuePath(path: StandardSchemaV1.Issue["path"]): string {
  if (!path || path.length === 0) return "(root)";
  let text = "";
  for (const segment of path) {
    const key = typeof segment === "object" && segment !== null ? segment.key : segment;
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "symbol") text += `[${key.toString()}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}
