import { DecodeError, EncodeError } from "@natsflux/core";
import { decodeWith, encodeWith } from "@natsflux/core/internal";
import { describe, expect, it } from "vitest";
import { jsonCodec } from "../src/index.js";

const text = new TextDecoder();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("jsonCodec", () => {
  it("identifies itself as json", () => {
    const codec = jsonCodec();
    expect(codec.name).toBe("json");
    expect(codec.contentType).toBe("application/json");
  });

  describe("round-trips", () => {
    const codec = jsonCodec<unknown>();
    const cases: [string, unknown][] = [
      ["an object", { id: "o-1", qty: 3, nested: { ok: true, tags: ["a", "b"] } }],
      ["an array", [1, "two", { three: 3 }, [4], null]],
      ["unicode", { text: "héllo wörld ✓ 日本語 🚀 \u0000 \u2028", ключ: "значение" }],
      [
        "numbers",
        { int: 42, neg: -7, float: 0.1 + 0.2, tiny: 5e-324, big: Number.MAX_SAFE_INTEGER, zero: 0 },
      ],
      ["null", null],
      ["a bare string", "just a string"],
      ["a bare number", 12.5],
      ["a boolean", false],
      ["an empty object", {}],
      ["an empty array", []],
    ];
    it.each(cases)("%s", (_label, value) => {
      expect(codec.decode(codec.encode(value))).toEqual(value);
    });

    it("writes compact UTF-8 (no BOM, no whitespace), so Go's encoding/json reads it as is", () => {
      const encoded = codec.encode({ a: "é", b: [1, 2] });
      expect(text.decode(encoded)).toBe('{"a":"é","b":[1,2]}');
      // "é" is two bytes in UTF-8, not a \u escape.
      expect(encoded.length).toBe('{"a":"é","b":[1,2]}'.length + 1);
    });

    it("reads a payload that starts with a UTF-8 byte order mark", () => {
      const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')]);
      expect(codec.decode(withBom)).toEqual({ a: 1 });
    });

    it("reads a view into a larger buffer, as transports hand out", () => {
      const backing = bytes('xxx{"a":1}yyy');
      expect(codec.decode(backing.subarray(3, 10))).toEqual({ a: 1 });
    });

    it("follows JSON's lossy rules for values without a JSON form inside a structure", () => {
      // Documented JSON.stringify behaviour, kept for wire compatibility: these are not errors.
      const encoded = codec.encode({
        keep: 1,
        dropped: undefined,
        nan: Number.NaN,
        inf: Infinity,
        when: new Date(0),
      });
      expect(codec.decode(encoded)).toEqual({
        keep: 1,
        nan: null,
        inf: null,
        when: "1970-01-01T00:00:00.000Z",
      });
    });
  });

  describe("garbage bytes", () => {
    const codec = jsonCodec();
    const garbage: [string, Uint8Array][] = [
      ["invalid JSON", bytes("{not json")],
      ["truncated JSON", bytes('{"a":[1,2')],
      ["trailing garbage", bytes('{"a":1} x')],
      ["non-UTF-8 bytes 0xff 0xfe", new Uint8Array([0xff, 0xfe])],
      [
        "valid JSON text with an invalid UTF-8 byte inside a string",
        new Uint8Array([...bytes('"a'), 0xc3, ...bytes('"')]),
      ],
      ["an empty payload", new Uint8Array(0)],
      ["whitespace only", bytes("  \n")],
      ["JavaScript that is not JSON", bytes("{a: 1, 'b': undefined}")],
    ];

    it.each(garbage)("%s throws", (_label, data) => {
      expect(() => codec.decode(data)).toThrow();
    });

    it.each(garbage)("%s becomes a DecodeError naming the codec and subject", (_label, data) => {
      let caught: unknown;
      try {
        decodeWith(codec, data, "orders.created");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DecodeError);
      const error = caught as DecodeError;
      expect(error.code).toBe("DECODE");
      expect(error.codec).toBe("json");
      expect(error.subject).toBe("orders.created");
      expect(error.message).toContain('codec "json"');
      expect(error.message).toContain('"orders.created"');
      expect(error.cause).toBeInstanceOf(Error);
    });

    it("says why a non-UTF-8 payload was rejected instead of decoding U+FFFD", () => {
      expect(() => codec.decode(new Uint8Array([0x22, 0xff, 0x22]))).toThrow(TypeError);
    });

    it("says that an empty payload is not JSON", () => {
      expect(() => codec.decode(new Uint8Array(0))).toThrow(/empty payload/);
    });
  });

  describe("values JSON cannot represent", () => {
    const codec = jsonCodec<unknown>();
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const unencodable: [string, unknown][] = [
      ["undefined", undefined],
      ["a function", () => 1],
      ["a symbol", Symbol("s")],
      ["a BigInt", 10n],
      ["a BigInt inside an object", { amount: 10n }],
      ["a cyclic structure", cyclic],
    ];

    it.each(unencodable)("%s throws", (_label, value) => {
      expect(() => codec.encode(value)).toThrow(TypeError);
    });

    it.each(unencodable)("%s becomes an EncodeError naming the codec and subject", (_label, value) => {
      let caught: unknown;
      try {
        encodeWith(codec, value, "orders.created");
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(EncodeError);
      const error = caught as EncodeError;
      expect(error.code).toBe("ENCODE");
      expect(error.codec).toBe("json");
      expect(error.subject).toBe("orders.created");
      expect(error.cause).toBeInstanceOf(TypeError);
    });

    it("names the type that has no JSON form", () => {
      expect(() => codec.encode(undefined)).toThrow(/undefined/);
      expect(() => codec.encode(() => 1)).toThrow(/function/);
    });
  });

  describe("options", () => {
    it("passes the reviver to JSON.parse", () => {
      const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
      const codec = jsonCodec<{ id: string; at: Date }>({
        reviver: (_key, value) => (typeof value === "string" && iso.test(value) ? new Date(value) : value),
      });
      const at = new Date("2026-01-02T03:04:05.678Z");
      const decoded = codec.decode(codec.encode({ id: "x", at }));
      expect(decoded.at).toBeInstanceOf(Date);
      expect(decoded).toEqual({ id: "x", at });
    });

    it("passes the replacer to JSON.stringify", () => {
      const codec = jsonCodec<{ amount: bigint; secret?: string }>({
        replacer: (key, value) => {
          if (key === "secret") return undefined;
          return typeof value === "bigint" ? value.toString() : value;
        },
      });
      const encoded = codec.encode({ amount: 2n ** 64n, secret: "hunter2" });
      expect(text.decode(encoded)).toBe('{"amount":"18446744073709551616"}');
    });

    it("gives reviver and replacer the holder as `this`, like JSON does", () => {
      const holders: unknown[] = [];
      const codec = jsonCodec({
        replacer(key, value) {
          if (key === "a") holders.push(this);
          return value;
        },
      });
      const value = { a: 1 };
      codec.encode(value);
      expect(holders).toEqual([value]);
    });

    it("rejects a value the replacer turns into nothing", () => {
      const codec = jsonCodec({ replacer: () => undefined });
      expect(() => codec.encode({ a: 1 })).toThrow(/replacer/);
    });

    it("rejects a value whose toJSON returns nothing", () => {
      const codec = jsonCodec<unknown>();
      expect(() => codec.encode({ toJSON: () => undefined })).toThrow(/toJSON/);
    });

    it("lets a reviver error surface as the decode failure", () => {
      const codec = jsonCodec({
        reviver: (key, value) => {
          if (key === "bad") throw new RangeError("bad field");
          return value;
        },
      });
      expect(() => decodeWith(codec, bytes('{"bad":1}'), "s")).toThrow(/bad field/);
    });
  });
});
