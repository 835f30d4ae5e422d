import { DecodeError, EncodeError } from "@natsflux/core";
import { decodeWith, encodeWith } from "@natsflux/core/internal";
import { describe, expect, it } from "vitest";
import { msgpackCodec } from "../src/index.js";

const hex = (data: Uint8Array): string => Buffer.from(data).toString("hex");
const str = (s: string): number[] => {
  const bytes = [...new TextEncoder().encode(s)];
  if (bytes.length >= 32) throw new Error("fixstr only in these fixtures");
  return [0xa0 | bytes.length, ...bytes];
};

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

/** Standard timestamp extension (-1) in its 64-bit form: 30 bits of nanoseconds, 34 bits of seconds. */
function timestamp64(seconds: number, nanos: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, (BigInt(nanos) << 34n) | BigInt(seconds));
  return [0xd7, 0xff, ...new Uint8Array(view.buffer)];
}

/** Standard timestamp extension (-1) in its 96-bit form, used for dates before 1970 or after 2514. */
function timestamp96(seconds: number, nanos: number): number[] {
  const view = new DataView(new ArrayBuffer(12));
  view.setUint32(0, nanos);
  view.setBigInt64(4, BigInt(seconds));
  return [0xc7, 12, 0xff, ...new Uint8Array(view.buffer)];
}

function int64(value: bigint): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigInt64(0, value);
  return [0xd3, ...new Uint8Array(view.buffer)];
}

describe("msgpackCodec", () => {
  const codec = msgpackCodec<unknown>();

  it("identifies itself as msgpack", () => {
    expect(codec.name).toBe("msgpack");
    expect(codec.contentType).toBe("application/msgpack");
  });

  describe("round-trips", () => {
    const cases: [string, unknown][] = [
      ["an object", { id: "o-1", qty: 3, nested: { ok: true, tags: ["a", "b"] } }],
      ["an array", [1, "two", { three: 3 }, [4], null]],
      ["unicode", { text: "héllo wörld ✓ 日本語 🚀 \u0000", ключ: "значение" }],
      ["long strings", { s: "x".repeat(70_000), u: "ü".repeat(300) }],
      [
        "numbers",
        {
          fix: 7,
          u8: 200,
          u16: 60_000,
          u32: 4_000_000_000,
          neg: -7,
          i8: -100,
          i16: -30_000,
          i32: -2_000_000_000,
          beyond32: 2 ** 40,
          float: 0.1 + 0.2,
          tiny: 5e-324,
          max: Number.MAX_SAFE_INTEGER,
          zero: 0,
        },
      ],
      ["non-finite numbers", [Number.NaN, Infinity, -Infinity]],
      ["null", null],
      ["a bare string", "just a string"],
      ["a boolean", false],
      ["an empty object", {}],
      ["an empty array", []],
      ["a Date", new Date("2026-01-02T03:04:05.678Z")],
      ["a Date before 1970", new Date("1900-01-01T00:00:00.001Z")],
      ["a Date far in the future", new Date("9999-12-31T23:59:59.999Z")],
      ["Dates inside a structure", { at: new Date(0), history: [new Date(1), new Date(2)] }],
      ["a BigInt beyond 2^53", 2n ** 60n],
      ["a negative BigInt beyond -2^53", -(2n ** 60n)],
    ];
    it.each(cases)("%s", (_label, value) => {
      expect(codec.decode(codec.encode(value))).toEqual(value);
    });

    it("round-trips a Uint8Array as binary, copied out of the payload", () => {
      const payload = new Uint8Array([0, 1, 2, 254, 255]);
      const encoded = codec.encode({ payload });
      const decoded = codec.decode(encoded) as { payload: Uint8Array };
      expect(decoded.payload).toEqual(payload);
      // copyBuffers: the decoded bytes do not alias the message buffer.
      encoded.fill(0);
      expect([...decoded.payload]).toEqual([...payload]);
    });

    it("decodes binary as a plain Uint8Array whether the payload is a Uint8Array or a Node Buffer", () => {
      const encoded = codec.encode(new Uint8Array([1, 2, 3]));
      for (const payload of [new Uint8Array(encoded), Buffer.from(encoded)]) {
        const decoded = codec.decode(payload);
        expect((decoded as Uint8Array).constructor).toBe(Uint8Array);
        expect(decoded).toEqual(new Uint8Array([1, 2, 3]));
      }
    });

    it("reads a Map back as a plain object (MessagePack maps decode to objects by default)", () => {
      const decoded = codec.decode(
        codec.encode(
          new Map<unknown, unknown>([
            ["a", 1],
            [2, "b"],
          ]),
        ),
      );
      expect(decoded).toEqual({ a: 1, 2: "b" });
    });

    it("can keep Maps as Maps when asked (mapsAsObjects: false), at the cost of objects becoming Maps too", () => {
      const maps = msgpackCodec({ mapsAsObjects: false });
      const decoded = maps.decode(
        maps.encode(
          new Map<unknown, unknown>([
            ["a", 1],
            [2, "b"],
          ]),
        ),
      );
      expect(decoded).toEqual(
        new Map<unknown, unknown>([
          ["a", 1],
          [2, "b"],
        ]),
      );
      expect(maps.decode(maps.encode({ a: 1 }))).toEqual(new Map([["a", 1]]));
    });

    it("writes a Set as an array", () => {
      expect(codec.decode(codec.encode(new Set([1, 2, 3])))).toEqual([1, 2, 3]);
    });

    it("drops undefined properties and writes other undefined values as nil, like JSON", () => {
      expect(codec.decode(codec.encode({ keep: 1, drop: undefined }))).toEqual({ keep: 1 });
      expect(codec.decode(codec.encode([undefined, 1]))).toEqual([null, 1]);
      expect(codec.decode(codec.encode(undefined))).toBeNull();
    });

    it("reads a view into a larger buffer, as transports hand out", () => {
      const encoded = codec.encode({ a: 1 });
      const backing = new Uint8Array(encoded.length + 6);
      backing.set(encoded, 3);
      expect(codec.decode(backing.subarray(3, 3 + encoded.length))).toEqual({ a: 1 });
    });

    it("hands out encodings that later encodes do not overwrite", () => {
      const first = codec.encode({ n: "first" });
      const second = codec.encode({ n: "second" });
      expect(codec.decode(first)).toEqual({ n: "first" });
      expect(codec.decode(second)).toEqual({ n: "second" });
    });
  });

  describe("wire format: plain MessagePack that Go reads and writes", () => {
    it("writes objects as maps sized by their key count, with no msgpackr record extension", () => {
      expect(hex(codec.encode({ a: 1 }))).toBe("81a16101");
      expect(hex(codec.encode({ a: "x", b: [true, null] }))).toBe("82a161a178a16292c3c0");
    });

    it("writes Dates with the standard timestamp extension (-1)", () => {
      expect(hex(codec.encode(new Date(0)))).toBe("d6ff00000000");
      expect(hex(codec.encode(new Date(1_700_000_000_123)))).toBe(
        hex(new Uint8Array(timestamp64(1_700_000_000, 123_000_000))),
      );
    });

    it("writes Uint8Array as bin, BigInt as int64, and no extension for undefined", () => {
      expect(hex(codec.encode(new Uint8Array([1, 2])))).toBe("c4020102");
      expect(hex(codec.encode(5n))).toBe("d30000000000000005");
      expect(hex(codec.encode([undefined]))).toBe("91c0");
    });

    it("reads what vmihailenco/msgpack writes for a Go struct (8-byte int64, time.Time, []byte)", () => {
      // type Order struct { ID string; Amount int64; At time.Time; Born time.Time; Data []byte } with msgpack tags.
      const goBytes = new Uint8Array([
        0x85,
        ...str("id"),
        ...str("o-1"),
        ...str("amount"),
        ...int64(1299n),
        ...str("at"),
        ...timestamp64(1_700_000_000, 123_456_789),
        ...str("born"),
        ...timestamp96(-1, 999_000_000),
        ...str("data"),
        0xc4,
        3,
        7,
        8,
        9,
      ]);
      const order = codec.decode(goBytes) as Record<string, unknown>;
      expect(order.id).toBe("o-1");
      // A small int64 is a number, not a BigInt (int64AsType "auto").
      expect(order.amount).toBe(1299);
      // Nanoseconds are cut to JavaScript's milliseconds.
      expect(order.at).toEqual(new Date(1_700_000_000_123));
      expect(order.born).toEqual(new Date(-1));
      expect([...(order.data as Uint8Array)]).toEqual([7, 8, 9]);
    });

    it("reads an int64 beyond 2^53 as a BigInt, without losing precision", () => {
      expect(codec.decode(new Uint8Array(int64(2n ** 62n + 1n)))).toBe(2n ** 62n + 1n);
      expect(codec.decode(new Uint8Array(int64(-(2n ** 62n) - 1n)))).toBe(-(2n ** 62n) - 1n);
    });

    it("lets callers choose BigInt for every int64 (int64AsType: bigint)", () => {
      const bigints = msgpackCodec({ int64AsType: "bigint" });
      expect(bigints.decode(new Uint8Array(int64(5n)))).toBe(5n);
    });
  });

  describe("garbage bytes", () => {
    const sample = {
      id: "order-1",
      amountCents: 1299,
      items: ["a", "bb", "c".repeat(40), "日本語🚀"],
      at: new Date("2026-01-02T03:04:05.678Z"),
      payload: new Uint8Array([1, 2, 3, 4, 5]),
      nested: { values: [1.5, -3, 70_000, -70_000, 2 ** 40, null, true], big: 2n ** 60n },
    };

    const garbage: [string, Uint8Array][] = [
      ["an empty payload", new Uint8Array(0)],
      ["non-MessagePack bytes 0xff 0xfe (a value followed by leftovers)", new Uint8Array([0xff, 0xfe])],
      ["two values where one is expected", new Uint8Array([0x01, 0x02])],
      ["the never-used byte 0xc1", new Uint8Array([0xc1])],
      ["0xc1 inside an array", new Uint8Array([0x92, 0x01, 0xc1])],
      ["0xc1 as a map value", new Uint8Array([0x81, ...str("k"), 0xc1])],
      ["an unknown extension type", new Uint8Array([0xd4, 0x05, 0x01])],
      ["an array header claiming 4 billion elements", new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff])],
      ["a string header longer than the payload", new Uint8Array([0xd9, 40, 0x61, 0x62])],
      ["JSON text", new TextEncoder().encode('{"a":1}')],
      ["a truncated sample", codec.encode(sample).subarray(0, 20)],
    ];

    it.each(garbage)("%s throws", (_label, data) => {
      expect(() => codec.decode(data)).toThrow();
    });

    it.each(garbage)("%s becomes a DecodeError naming the codec and subject", (_label, data) => {
      const error = caught(() => decodeWith(codec, data, "orders.created"));
      expect(error).toBeInstanceOf(DecodeError);
      expect(error).toMatchObject({ code: "DECODE", codec: "msgpack", subject: "orders.created" });
      expect((error as DecodeError).message).toContain('codec "msgpack"');
      expect((error as DecodeError).cause).toBeInstanceOf(Error);
    });

    it("never yields a partial value for a payload cut short at any byte", () => {
      const full = codec.encode(sample);
      expect(codec.decode(full)).toEqual(sample);
      for (let length = 0; length < full.length; length++) {
        // A copy, so nothing past the cut is reachable through the underlying buffer either.
        const cut = full.slice(0, length);
        expect(() => codec.decode(cut), `cut at ${length} of ${full.length}`).toThrow();
      }
    });

    it("rejects a valid payload followed by extra bytes", () => {
      const full = codec.encode(sample);
      const padded = new Uint8Array(full.length + 1);
      padded.set(full);
      expect(() => codec.decode(padded)).toThrow(/end of buffer not reached/);
    });

    it("says why: empty, never-used byte, cut short", () => {
      expect(() => codec.decode(new Uint8Array(0))).toThrow(/empty payload/);
      expect(() => codec.decode(new Uint8Array([0x91, 0xc1]))).toThrow(/0xc1/);
      expect(() => codec.decode(new Uint8Array([0x92, 0x01]))).toThrow(/Unexpected end/);
    });

    it("still reads strings and numbers that merely contain the byte 0xc1", () => {
      const value = { s: "Á", n: 0xc1, f: -1.5e300 };
      const encoded = codec.encode(value);
      expect(encoded.includes(0xc1)).toBe(true);
      expect(codec.decode(encoded)).toEqual(value);
    });

    it("fails cleanly on data nested too deeply to decode", () => {
      const deep = new Uint8Array(200_000).fill(0x91);
      expect(() => codec.decode(deep)).toThrow(/nested too deeply|Unexpected end/);
    });

    it("replaces invalid UTF-8 inside a string with U+FFFD rather than failing", () => {
      expect(codec.decode(new Uint8Array([0xa2, 0xff, 0xfe]))).toBe("\ufffd\ufffd");
    });

    it("cannot tell every garbage payload from data: a single byte is a valid MessagePack value", () => {
      // Documented limitation, like protobuf: 0x2a is the positive fixint 42.
      expect(codec.decode(new Uint8Array([0x2a]))).toBe(42);
    });
  });

  describe("values MessagePack cannot represent", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const unencodable: [string, unknown, RegExp][] = [
      ["a cyclic structure", cyclic, /cyclic/],
      ["a function property", { onDone: () => 1 }, /function/],
      ["a symbol", Symbol("s"), /symbol/],
      ["an invalid Date", new Date(Number.NaN), /invalid Date/],
      ["a BigInt wider than 64 bits", 2n ** 64n, /too large/],
    ];

    it.each(unencodable)("%s throws", (_label, value, reason) => {
      expect(() => codec.encode(value)).toThrow(reason);
    });

    it.each(unencodable)("%s becomes an EncodeError naming the codec and subject", (_label, value) => {
      const error = caught(() => encodeWith(codec, value, "orders.created"));
      expect(error).toBeInstanceOf(EncodeError);
      expect(error).toMatchObject({ code: "ENCODE", codec: "msgpack", subject: "orders.created" });
    });
  });

  describe("options", () => {
    it("override the defaults, e.g. msgpackr records between JavaScript peers", () => {
      const records = msgpackCodec({ useRecords: true });
      const value = { id: "x", n: 1 };
      const encoded = records.encode(value);
      // A record definition, which other languages cannot read.
      expect(encoded[0]).toBe(0xd4);
      expect(records.decode(encoded)).toEqual(value);
    });
  });
});
