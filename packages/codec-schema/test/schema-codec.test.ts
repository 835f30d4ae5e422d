import { jsonCodec } from "@natsflux/codec-json";
import { msgpackCodec } from "@natsflux/codec-msgpack";
import { type Codec, ConfigError, DecodeError, EncodeError, isNonRetryable } from "@natsflux/core";
import { decodeWith, encodeWith } from "@natsflux/core/internal";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { type } from "arktype";
import * as v from "valibot";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { SchemaValidationError, schemaCodec } from "../src/index.js";

/** What the sender means: `createdAt` is a Date. On the wire (JSON) it is an ISO string. */
interface Order {
  id: string;
  qty: number;
  items: string[];
  createdAt: Date;
}

const at = new Date("2026-01-02T03:04:05.678Z");
const valid: Order = { id: "o-1", qty: 2, items: ["book", "pen"], createdAt: at };
const wire = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
// Two problems: qty must be a positive integer, items must be strings.
const invalidOnWire = { id: "o-1", qty: 0, items: ["book", 5], createdAt: at.toISOString() };

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

// The same contract in each library; each transforms the ISO string on the wire into a Date.
const zodOrder = z.object({
  id: z.string(),
  qty: z.number().int().positive(),
  items: z.array(z.string()),
  createdAt: z.iso.datetime().transform((s) => new Date(s)),
});
const valibotOrder = v.object({
  id: v.string(),
  qty: v.pipe(v.number(), v.integer(), v.minValue(1)),
  items: v.array(v.string()),
  createdAt: v.pipe(
    v.string(),
    v.isoTimestamp(),
    v.transform((s) => new Date(s)),
  ),
});
const arktypeOrder = type({
  id: "string",
  qty: "number.integer > 0",
  items: "string[]",
  createdAt: "string.date.iso.parse",
});

const libraries: [string, StandardSchemaV1<unknown, Order>][] = [
  ["zod", zodOrder],
  ["valibot", valibotOrder],
  ["arktype", arktypeOrder],
];

describe.each(libraries)("schemaCodec with %s", (vendor, schema) => {
  const codec = schemaCodec(jsonCodec(), schema);

  it("is named after the inner codec and keeps its content type", () => {
    expect(codec.name).toBe("schema(json)");
    expect(codec.contentType).toBe("application/json");
  });

  it("round-trips a valid value, applying the transform on decode (ISO string → Date)", () => {
    const encoded = codec.encode(valid);
    expect(JSON.parse(new TextDecoder().decode(encoded)).createdAt).toBe(at.toISOString());
    const decoded = codec.decode(encoded);
    expect(decoded).toEqual(valid);
    expect(decoded.createdAt).toBeInstanceOf(Date);
  });

  it("rejects an invalid payload on decode, listing each issue with its path", () => {
    const error = caught(() => codec.decode(wire(invalidOnWire)));
    expect(error).toBeInstanceOf(SchemaValidationError);
    const validation = error as SchemaValidationError;
    expect(validation.name).toBe("SchemaValidationError");
    expect(validation.vendor).toBe(vendor);
    expect(validation.issues.length).toBeGreaterThanOrEqual(2);
    expect(validation.message).toMatch(new RegExp(`^value does not match the ${vendor} schema: `));
    expect(validation.message).toMatch(/(^|; |: )qty: /);
    expect(validation.message).toMatch(/(^|; |: )items\[1\]: /);
  });

  it("rejects a missing field and a malformed transform input", () => {
    const error = caught(() => codec.decode(wire({ id: "o-1", qty: 1, items: [], createdAt: "yesterday" })));
    expect((error as SchemaValidationError).message).toMatch(/createdAt: /);
    const missing = caught(() => codec.decode(wire({ qty: 1, items: [], createdAt: at.toISOString() })));
    expect((missing as SchemaValidationError).message).toMatch(/id: /);
  });

  it("becomes a DecodeError (never retried) naming the codec and subject, with the validation error as cause", () => {
    const error = caught(() => decodeWith(codec, wire(invalidOnWire), "orders.created"));
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ code: "DECODE", codec: "schema(json)", subject: "orders.created" });
    expect((error as DecodeError).cause).toBeInstanceOf(SchemaValidationError);
    expect((error as DecodeError).message).toContain("items[1]: ");
    expect(isNonRetryable(error)).toBe(true);
  });

  it("lets bytes the inner codec cannot read fail as the inner codec's error", () => {
    const error = caught(() => codec.decode(new Uint8Array([0xff, 0xfe])));
    expect(error).not.toBeInstanceOf(SchemaValidationError);
    expect(error).toBeInstanceOf(TypeError);
  });

  it("does not validate on encode by default", () => {
    const bad = { ...valid, qty: 0 };
    expect(() => codec.encode(bad)).not.toThrow();
  });

  describe("validateOnEncode", () => {
    const checked = schemaCodec(jsonCodec(), schema, { validateOnEncode: true });

    it("encodes valid values, transforms included", () => {
      expect(checked.decode(checked.encode(valid))).toEqual(valid);
    });

    it("rejects a bad value before anything is sent", () => {
      const error = caught(() => checked.encode({ ...valid, qty: 0 }));
      expect(error).toBeInstanceOf(SchemaValidationError);
      expect((error as SchemaValidationError).message).toMatch(/qty: /);
    });

    it("becomes an EncodeError naming the codec and subject", () => {
      const error = caught(() => encodeWith(checked, { ...valid, qty: 1.5 }, "orders.created"));
      expect(error).toBeInstanceOf(EncodeError);
      expect(error).toMatchObject({ code: "ENCODE", codec: "schema(json)", subject: "orders.created" });
      expect((error as EncodeError).cause).toBeInstanceOf(SchemaValidationError);
    });
  });
});

describe("schemaCodec types", () => {
  it("infers the schema's output type, which may differ from its input", () => {
    expectTypeOf(schemaCodec(jsonCodec(), zodOrder)).toEqualTypeOf<Codec<z.output<typeof zodOrder>>>();
    expectTypeOf(schemaCodec(jsonCodec(), valibotOrder)).toEqualTypeOf<
      Codec<v.InferOutput<typeof valibotOrder>>
    >();
    expectTypeOf(schemaCodec(jsonCodec(), arktypeOrder)).toEqualTypeOf<Codec<typeof arktypeOrder.infer>>();
    expectTypeOf(schemaCodec(jsonCodec(), zodOrder).decode)
      .returns.toHaveProperty("createdAt")
      .toEqualTypeOf<Date>();
    expectTypeOf<z.input<typeof zodOrder>["createdAt"]>().toEqualTypeOf<string>();
  });
});

describe("schemaCodec with other inner codecs and schemas", () => {
  it("wraps any codec: msgpack keeps Dates, so a plain date schema fits", () => {
    const codec = schemaCodec(msgpackCodec(), z.object({ at: z.date(), n: z.bigint() }), {
      validateOnEncode: true,
    });
    expect(codec.name).toBe("schema(msgpack)");
    expect(codec.contentType).toBe("application/msgpack");
    expect(codec.decode(codec.encode({ at, n: 2n ** 60n }))).toEqual({ at, n: 2n ** 60n });
  });

  it("with validateOnEncode, judges the value as the receiver will see it", () => {
    // JSON turns a Date into a string, so a schema that wants a Date on the wire can never be satisfied:
    // the sender finds out instead of every receiver.
    const codec = schemaCodec(jsonCodec(), z.object({ at: z.date() }), { validateOnEncode: true });
    expect(() => codec.encode({ at })).toThrow(/at: /);
  });

  it("returns the schema's output, e.g. with unknown keys stripped and defaults filled in", () => {
    const codec = schemaCodec(
      jsonCodec(),
      z.object({ id: z.string(), tags: z.array(z.string()).default([]) }),
    );
    expect(codec.decode(wire({ id: "x", extra: true }))).toEqual({ id: "x", tags: [] });
  });

  it("validates non-object payloads and reports root issues as (root)", () => {
    const codec = schemaCodec(jsonCodec(), z.number());
    expect(codec.decode(wire(5))).toBe(5);
    expect(() => codec.decode(wire("five"))).toThrow(/zod schema: \(root\): /);
  });

  it("refuses async schemas with a clear error, without leaving an unhandled rejection", async () => {
    const asyncRefined = z.object({ id: z.string() }).refine(async () => true);
    const codec = schemaCodec(jsonCodec(), asyncRefined);
    expect(() => codec.decode(wire({ id: "x" }))).toThrow(/asynchronously.*async schemas are not supported/);

    const rejecting: StandardSchemaV1<unknown, string> = {
      "~standard": { version: 1, vendor: "custom", validate: () => Promise.reject(new Error("boom")) },
    };
    expect(() => schemaCodec(jsonCodec(), rejecting).decode(wire("x"))).toThrow(
      /the custom schema validated/,
    );
    // Give a stray rejection the chance to surface (vitest-setup turns unhandled rejections into failures):
    // Node reports one once the microtasks have run, so a turn of the event loop is enough.
    await new Promise((resolve) => setImmediate(resolve));
  });

  it("refuses something that is not a Standard Schema up front", () => {
    const notASchema = { parse: (x: unknown) => x } as unknown as StandardSchemaV1<unknown, unknown>;
    const error = caught(() => schemaCodec(jsonCodec(), notASchema));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: "schema" });
  });

  it("lists at most ten issues in the message and keeps all of them in `issues`", () => {
    const codec = schemaCodec(jsonCodec(), z.array(z.string()));
    const error = caught(() =>
      codec.decode(wire(Array.from({ length: 12 }, (_, i) => i))),
    ) as SchemaValidationError;
    expect(error.issues).toHaveLength(12);
    expect(error.message).toContain("[9]: ");
    expect(error.message).not.toContain("[10]: ");
    expect(error.message).toMatch(/; and 2 more$/);
  });

  it("formats odd keys, symbols and path segment objects", () => {
    const custom: StandardSchemaV1<unknown, never> = {
      "~standard": {
        version: 1,
        vendor: "custom",
        validate: () => ({
          issues: [
            { message: "bad", path: [{ key: "a b" }, 0, { key: "c" }] },
            { message: "worse", path: [Symbol("tag"), "$ok"] },
            { message: "whole", path: [] },
          ],
        }),
      },
    };
    expect(() => schemaCodec(jsonCodec(), custom).decode(wire(1))).toThrow(
      'value does not match the custom schema: ["a b"][0].c: bad; [Symbol(tag)].$ok: worse; (root): whole',
    );
  });
});
