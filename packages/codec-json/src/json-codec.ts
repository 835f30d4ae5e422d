import type { Codec } from "@natsflux/core";

export interface JsonCodecOptions {
  /** Passed to `JSON.parse`. */
  readonly reviver?: (this: unknown, key: string, value: unknown) => unknown;
  /** Passed to `JSON.stringify`. */
  readonly replacer?: (this: unknown, key: string, value: unknown) => unknown;
}

const encoder = new TextEncoder();
// fatal: bytes that are not UTF-8 are an error, not silently replaced with U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * JSON in UTF-8. `T` is the caller's claim about the shape; wrap with `@natsflux/codec-schema` to check it.
 * Encoding a value JSON cannot represent (undefined, a function, a BigInt, a cycle) throws. Inside a
 * structure the usual JSON.stringify rules apply, as every other JSON implementation on the wire expects:
 * undefined properties are dropped, NaN and Infinity become null, Dates become ISO strings.
 * Integers beyond Number.MAX_SAFE_INTEGER (e.g. Go int64 IDs) lose precision; send them as strings.
 */
export function jsonCodec<T = unknown>(options: JsonCodecOptions = {}): Codec<T> {
  const { reviver, replacer } = options;
  return {
    name: "json",
    contentType: "application/json",
    encode(value: T): Uint8Array {
      const text = JSON.stringify(value, replacer);
      // JSON.stringify returns undefined instead of throwing; sending an empty payload would only fail later,
      // on the receiving side, so refuse here and say why.
      if (text === undefined) throw new TypeError(nothingToEncode(value, replacer !== undefined));
      return encoder.encode(text);
    },
    decode(data: Uint8Array): T {
      if (data.length === 0) throw new SyntaxError("empty payload is not JSON");
      return JSON.parse(decoder.decode(data), reviver) as T;
    },
  };
}

function nothingToEncode(value: unknown, replaced: boolean): string {
  const type = typeof value;
  if (type === "undefined" || type === "function" || type === "symbol") {
    return `${type} cannot be represented as JSON`;
  }
  // Only a replacer or a toJSON method can turn a representable value into nothing.
  return replaced
    ? `the replacer returned nothing JSON can represent for the ${type} value`
    : `toJSON() of the ${type} value returned nothing JSON can represent`;
}
