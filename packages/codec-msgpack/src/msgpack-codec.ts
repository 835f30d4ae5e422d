import type { Codec } from "@natsflux/core";
import { C1, type Options, Packr, Unpackr } from "msgpackr";

/**
 * msgpackr options, all optional; they override the cross-language defaults of `msgpackCodec`.
 * `int64AsType: "auto"` and `skipValues` are msgpackr options its typings omit.
 */
export interface MsgpackCodecOptions extends Omit<Options, "int64AsType"> {
  readonly int64AsType?: "auto" | "number" | "bigint" | "string";
  /** Object properties whose value is one of these are left out when encoding. */
  readonly skipValues?: readonly unknown[];
}

/**
 * The defaults keep the wire format plain MessagePack that Go (vmihailenco/msgpack, tinylib/msgp, ugorji)
 * and other languages read and write; everything msgpackr-specific is off.
 */
const crossLanguageDefaults: MsgpackCodecOptions = {
  // The records extension (ext 0x72) and structured clone (reference/cycle extensions) only exist in msgpackr.
  useRecords: false,
  structuredClone: false,
  // Set/Error/typed-array extensions and bundled strings are msgpackr-only as well.
  moreTypes: false,
  bundleStrings: false,
  // Maps (what Go structs and maps become) decode to plain objects, not `Map`s.
  mapsAsObjects: true,
  // fixmap/map16/map32 by size, like other encoders, instead of always map16.
  variableMapSize: true,
  // Go often writes int64 fields as 8-byte ints even when small: numbers when safe, BigInt only beyond 2^53.
  int64AsType: "auto",
  // msgpackr writes undefined as its own ext type 0; other languages know only nil. Like JSON,
  // undefined properties are left out and undefined elsewhere becomes nil.
  encodeUndefinedAsNil: true,
  skipValues: [undefined],
  // Binary fields would otherwise be views into the message payload, keeping all of it alive and
  // aliasing memory the transport owns.
  copyBuffers: true,
  // msgpackr silently writes functions as nil and invalid Dates as an invalid timestamp; refuse instead.
  writeFunction: () => {
    throw new TypeError("a function cannot be encoded as MessagePack");
  },
  onInvalidDate: () => {
    throw new TypeError("an invalid Date cannot be encoded as MessagePack");
  },
};

/**
 * MessagePack via msgpackr. `T` is the caller's claim about the shape; wrap with `@natsflux/codec-schema`
 * to check it. Date ⇄ timestamp extension (-1, millisecond precision); Uint8Array ⇄ bin, decoded as a
 * copy, never a view of the payload; BigInt → int64/uint64. A Map is written as a MessagePack map but read
 * back as a plain object, a Set as an array. msgpackr writes integers outside the 32-bit range as float64;
 * pass a BigInt where a strict decoder on the other side expects an int64.
 */
export function msgpackCodec<T = unknown>(options: MsgpackCodecOptions = {}): Codec<T> {
  // msgpackr reads the extra options at runtime; the cast only bridges its typings.
  const merged = { ...crossLanguageDefaults, ...options } as Options;
  const packr = new Packr(merged);
  const unpackr = new Unpackr(merged);
  return {
    name: "msgpack",
    contentType: "application/msgpack",
    encode(value: T): Uint8Array {
      try {
        return packr.pack(value);
      } catch (error) {
        if (isStackOverflow(error)) {
          throw new RangeError("cannot encode a cyclic or too deeply nested value as MessagePack", {
            cause: error,
          });
        }
        throw error;
      }
    },
    decode(data: Uint8Array): T {
      if (data.length === 0) throw new Error("empty payload is not MessagePack");
      let value: unknown;
      try {
        // unpack (unlike unpackMultiple) throws both when the data ends inside a value and when bytes are left
        // after the first value, so a truncated or concatenated payload never yields a partial value.
        value = unpackr.unpack(plainView(data));
      } catch (error) {
        if (isStackOverflow(error)) {
          throw new RangeError("MessagePack data is nested too deeply to decode", { cause: error });
        }
        throw error;
      }
      // msgpackr returns a marker object for 0xc1, the one byte MessagePack never uses, instead of failing.
      // Scanning the bytes first keeps the common case free of the walk.
      if (data.includes(0xc1) && containsNeverUsed(value)) {
        throw new Error("not MessagePack: contains the never-used type byte 0xc1");
      }
      return value as T;
    },
  };
}

/**
 * msgpackr copies binary fields with the species of its input, so a Node Buffer payload would yield Buffers
 * (whose slice() aliases) and a Uint8Array payload Uint8Arrays. Decoding from a plain view (no copy) makes
 * binary fields Uint8Arrays everywhere, and keeps msgpackr's cached DataView off the caller's array.
 */
function plainView(data: Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function containsNeverUsed(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === C1) return true;
    if (typeof value !== "object" || value === null || ArrayBuffer.isView(value) || value instanceof Date) {
      continue;
    }
    if (value instanceof Map) {
      for (const [key, entry] of value) pending.push(key, entry);
    } else {
      // A loop, not push(...values): spreading a large array overflows the argument limit.
      for (const entry of Array.isArray(value) ? value : Object.values(value)) pending.push(entry);
    }
  }
  return false;
}
