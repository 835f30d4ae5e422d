import type { Codec } from "../codec.js";
import { DecodeError } from "../errors/decode-error.js";
import { EncodeError } from "../errors/encode-error.js";

/** `codec.encode` with failures turned into `EncodeError` naming the codec and subject. */
export function encodeWith<T>(codec: Codec<T>, value: T, subject?: string): Uint8Array {
  try {
    return codec.encode(value);
  } catch (error) {
    if (error instanceof EncodeError) throw error;
    throw new EncodeError(codec.name, subject, error);
  }
}

/** `codec.decode` with failures turned into `DecodeError` naming the codec and subject. */
export function decodeWith<T>(codec: Codec<T>, data: Uint8Array, subject?: string): T {
  try {
    return codec.decode(data);
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(codec.name, subject, error);
  }
}
