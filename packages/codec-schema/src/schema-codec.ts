import type { Codec } from "@natsflux/core";
import { ConfigError } from "@natsflux/core";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { validateSync } from "./validate-sync.js";

export interface SchemaCodecOptions {
  /**
   * Also validate on `encode` (default false: senders are usually trusted, and it costs a decode). What is
   * checked is the encoded form decoded again, i.e. exactly what a receiver will validate, so schemas whose
   * output type differs from their input (transforms) work, and a value the codec would change on the way
   * (a Date that JSON turns into a string, an undefined property JSON drops) is judged as received.
   */
  readonly validateOnEncode?: boolean;
}

/**
 * Wraps a codec with a Standard Schema (zod, valibot, arktype, ...): `decode` decodes with `inner`, then
 * validates and returns the schema's output, so transforms apply. On a mismatch it throws
 * `SchemaValidationError`, which transports wrap in a `DecodeError` (never redelivered). The schema must
 * validate synchronously.
 */
export function schemaCodec<I, O>(
  inner: Codec<unknown>,
  schema: StandardSchemaV1<I, O>,
  options: SchemaCodecOptions = {},
): Codec<O> {
  if (!isStandardSchema(schema)) {
    throw new ConfigError("schema", "is not a Standard Schema v1 (no `~standard.validate`)");
  }
  const validateOnEncode = options.validateOnEncode ?? false;
  return {
    name: `schema(${inner.name})`,
    contentType: inner.contentType,
    encode(value: O): Uint8Array {
      const data = inner.encode(value);
      if (validateOnEncode) validateSync(schema, inner.decode(data));
      return data;
    },
    decode(data: Uint8Array): O {
      return validateSync(schema, inner.decode(data));
    },
  };
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  // Functions too: arktype schemas are callable.
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const standard = (value as Partial<StandardSchemaV1>)["~standard"];
  return typeof standard === "object" && standard !== null && typeof standard.validate === "function";
}
