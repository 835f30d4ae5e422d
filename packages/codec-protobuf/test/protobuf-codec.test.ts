import { create, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { DecodeError, EncodeError } from "@natsflux/core";
import { decodeWith, encodeWith } from "@natsflux/core/internal";
import { describe, expect, it } from "vitest";
import { protobufCodec } from "../src/index.js";
import { type Order, OrderSchema, RefundSchema, Status } from "./gen/order_pb.js";

const hex = (data: Uint8Array): string => Buffer.from(data).toString("hex");

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

function order(init: MessageInitShape<typeof OrderSchema> = {}): Order {
  return create(OrderSchema, {
    id: "o-1",
    amountCents: 1299n,
    items: ["book", "pen"],
    status: Status.PAID,
    createdAt: timestampFromDate(new Date("2026-01-02T03:04:05.678Z")),
    ...init,
  });
}

describe("protobufCodec", () => {
  const codec = protobufCodec(OrderSchema);

  it("is named after the message type", () => {
    expect(codec.name).toBe("protobuf:natsflux.test.Order");
    expect(codec.contentType).toBe("application/protobuf");
  });

  describe("round-trips", () => {
    const cases: [string, Order][] = [
      ["a full message", order()],
      ["a message with all defaults", create(OrderSchema)],
      ["unicode strings", order({ id: "日本語-🚀", items: ["héllo", ""] })],
      ["int64 extremes", order({ amountCents: 2n ** 63n - 1n })],
      ["negative int64", order({ amountCents: -(2n ** 63n) })],
      [
        "a timestamp before 1970",
        order({ createdAt: timestampFromDate(new Date("1900-01-01T00:00:00.001Z")) }),
      ],
      ["many repeated items", order({ items: Array.from({ length: 1000 }, (_, i) => `item-${i}`) })],
    ];
    it.each(cases)("%s", (_label, value) => {
      const decoded = codec.decode(codec.encode(value));
      expect(decoded).toEqual(value);
      expect(decoded.$typeName).toBe("natsflux.test.Order");
    });

    it("keeps typed fields typed: int64 as bigint, enums as numbers, Timestamp as a message", () => {
      const decoded = codec.decode(codec.encode(order()));
      expect(decoded.amountCents).toBe(1299n);
      expect(decoded.status).toBe(Status.PAID);
      expect(timestampDate(decoded.createdAt!)).toEqual(new Date("2026-01-02T03:04:05.678Z"));
    });

    it("writes the standard wire format, byte for byte what toBinary (and Go's proto.Marshal) writes", () => {
      const value = order({ createdAt: undefined, items: ["a"] });
      expect(hex(codec.encode(value))).toBe(hex(toBinary(OrderSchema, value)));
      // id=1 "o-1", amount_cents=2 1299, items=3 "a", status=4 PAID
      expect(hex(codec.encode(value))).toBe("0a036f2d3110930a1a01612002");
    });

    it("decodes an empty payload as the all-defaults message: in protobuf that is what it means", () => {
      expect(codec.decode(new Uint8Array(0))).toEqual(create(OrderSchema));
    });

    it("keeps unknown fields from a newer schema and writes them back out", () => {
      // Field 99 (varint 7) is not in this schema.
      const newer = new Uint8Array([...codec.encode(order({ items: [] })), 0x98, 0x06, 0x07]);
      const decoded = codec.decode(newer);
      expect(decoded.$unknown).toHaveLength(1);
      expect(hex(codec.encode(decoded))).toBe(hex(newer));
    });

    it("keeps an enum value this schema does not know (proto3 enums are open)", () => {
      expect(codec.decode(new Uint8Array([0x20, 0x09])).status).toBe(9);
    });

    it("reads a view into a larger buffer, as transports hand out", () => {
      const encoded = codec.encode(order());
      const backing = new Uint8Array(encoded.length + 6).fill(0xff);
      backing.set(encoded, 3);
      expect(codec.decode(backing.subarray(3, 3 + encoded.length))).toEqual(order());
    });

    it("accepts a plain init object from JavaScript callers and fills in defaults", () => {
      const plain = { id: "plain", amountCents: 5n } as unknown as Order;
      expect(codec.decode(codec.encode(plain))).toEqual(
        create(OrderSchema, { id: "plain", amountCents: 5n }),
      );
    });
  });

  describe("malformed wire data", () => {
    const malformed: [string, number[], RegExp][] = [
      ["a truncated varint", [0x10, 0x80], /premature EOF/],
      ["a length-delimited field longer than the payload", [0x0a, 0x05, 0x61], /premature EOF/],
      ["illegal wire type 7", [0x0f, 0x01], /illegal tag/],
      ["illegal wire type 6", [0x0e, 0x01], /illegal tag/],
      ["field number 0", [0x00, 0x01], /illegal tag/],
      ["an end-group tag without a start", [0x0c], /premature EOF|wire type/],
      ["a varint longer than 10 bytes", [0x10, ...Array(10).fill(0xff), 0x01], /invalid varint/],
      ["invalid UTF-8 in a string field", [0x0a, 0x02, 0xff, 0xfe], /utf-8/i],
      ["a known field with the wrong wire type", [0x08, 0x01], /premature EOF/],
      ["a truncated nested Timestamp", [0x2a, 0x02, 0x08, 0x80], /premature EOF/],
      ["the bytes 0xff 0xfe", [0xff, 0xfe], /premature EOF/],
      ["JSON text", [...new TextEncoder().encode('{"id":"x"}')], /./],
      ["ASCII text", [...new TextEncoder().encode("hello")], /wire type/],
    ];

    it.each(malformed)("%s throws", (_label, bytes, reason) => {
      expect(() => codec.decode(new Uint8Array(bytes))).toThrow(reason);
    });

    it.each(malformed)("%s becomes a DecodeError naming the codec and subject", (_label, bytes) => {
      const error = caught(() => decodeWith(codec, new Uint8Array(bytes), "orders.created"));
      expect(error).toBeInstanceOf(DecodeError);
      expect(error).toMatchObject({
        code: "DECODE",
        codec: "protobuf:natsflux.test.Order",
        subject: "orders.created",
      });
      expect((error as DecodeError).message).toContain('codec "protobuf:natsflux.test.Order"');
    });

    it("rejects a message cut short inside any field", () => {
      const full = codec.encode(order({ createdAt: undefined }));
      // Cuts at field boundaries leave a valid (shorter) message; every other cut must fail.
      const boundaries = new Set([5, 8, 14, 19]);
      expect(full.length).toBe(21);
      for (let length = 1; length < full.length; length++) {
        if (boundaries.has(length)) continue;
        expect(() => codec.decode(full.slice(0, length)), `cut at ${length}`).toThrow();
      }
    });

    it("cannot detect every kind of garbage: the format has no framing or checksum", () => {
      // Documented limitation: "he" is 0x68 0x65, a valid tag for unknown field 13 with varint 101.
      const decoded = codec.decode(new TextEncoder().encode("he"));
      expect(decoded).toMatchObject({ id: "", amountCents: 0n, items: [] });
      expect(decoded.$unknown).toEqual([{ no: 13, wireType: 0, data: new Uint8Array([0x65]) }]);
      // A message cut at a field boundary is a valid, shorter message.
      const full = codec.encode(order({ createdAt: undefined }));
      expect(codec.decode(full.slice(0, 5))).toEqual(create(OrderSchema, { id: "o-1" }));
    });
  });

  describe("values that cannot be encoded", () => {
    const unencodable: [string, unknown, RegExp][] = [
      ["a message of another type", create(RefundSchema, { orderId: "o-1" }), /natsflux\.test\.Refund/],
      ["an int64 out of range", order({ amountCents: 2n ** 64n }), /int64/],
      ["null", null, /null/],
      ["a string", "o-1", /string/],
      ["an array", [order()], /array/],
    ];

    it.each(unencodable)("%s throws", (_label, value, reason) => {
      expect(() => codec.encode(value as Order)).toThrow(reason);
    });

    it.each(unencodable)("%s becomes an EncodeError naming the codec and subject", (_label, value) => {
      const error = caught(() => encodeWith(codec, value as Order, "orders.created"));
      expect(error).toBeInstanceOf(EncodeError);
      expect(error).toMatchObject({ code: "ENCODE", codec: "protobuf:natsflux.test.Order" });
    });

    it("says which type it expected and which it got", () => {
      expect(() => codec.encode(create(RefundSchema) as unknown as Order)).toThrow(
        "expected a message of type natsflux.test.Order, got one of type natsflux.test.Refund",
      );
    });
  });

  describe("options", () => {
    it("can drop unknown fields on read or on write", () => {
      const withUnknown = new Uint8Array([0x0a, 0x01, 0x78, 0x98, 0x06, 0x07]);
      expect(
        protobufCodec(OrderSchema, { read: { readUnknownFields: false } }).decode(withUnknown).$unknown,
      ).toBe(undefined);
      const decoded = codec.decode(withUnknown);
      expect(hex(protobufCodec(OrderSchema, { write: { writeUnknownFields: false } }).encode(decoded))).toBe(
        "0a0178",
      );
    });
  });
});
