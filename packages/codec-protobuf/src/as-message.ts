import { create, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";

/**
 * The message to serialize for `schema`. toBinary/toJson read fields by name, so a message of another type
 * would be written as whatever fields happen to match, and their own error for it is cryptic ("cannot use
 * field ... with message undefined"): refuse another type clearly, and build a message from a plain init
 * object (what JavaScript callers naturally pass), filling in defaults.
 */
export function asMessage<Desc extends DescMessage>(schema: Desc, value: unknown): MessageShape<Desc> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`expected a message of type ${schema.typeName}, got ${describeValue(value)}`);
  }
  const typeName: unknown = (value as { $typeName?: unknown }).$typeName;
  if (typeName === undefined) return create(schema, value as MessageInitShape<Desc>);
  if (typeName !== schema.typeName) {
    throw new TypeError(`expected a message of type ${schema.typeName}, got one of type ${String(typeName)}`);
  }
  return value as MessageShape<Desc>;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
