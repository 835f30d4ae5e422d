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
 * Encoding a value JSON cannot represent (undefined, a function, a BigInt, a cycle) throws.
 */
export function jsonCodec<T = unknown>(options: JsonCodecOptions = {}): Codec<T> {
  const { reviver, replacer } = options;
  return {
    name: "json",
    contentType: "application/json",
    encode(value: T): Uint8Array {
      const text = JSON.stringify(value, replacer);
      if (text === undefined) throw new TypeError(`${typeof value} cannot be represented as JSON`);
      return encoder.encode(text);
    },
    decode(data: Uint8Array): T {
      if (data.length === 0) throw new SyntaxError("empty payload is not JSON");
      return JSON.parse(decoder.decode(data), reviver) as T;
    },
  };
}
