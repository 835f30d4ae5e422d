import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { DecodeError, EncodeError } from "@natsflux/core";
import { decodeWith, encodeWith } from "@natsflux/core/internal";
import { describe, expect, it } from "vitest";
import { protobufJsonCodec } from "../src/index.js";
import { type Order, OrderSchema, RefundSchema, Status } from "./gen/order_pb.js";

const text = new TextDecoder();
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

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

describe("protobufJsonCodec", () => {
  const codec = protobufJsonCodec(OrderSchema);

  it("is named after the message type and speaks JSON", () => {
    expect(codec.name).toBe("protobuf-json:natsflux.test.Order");
    expect(codec.contentType).toBe("application/json");
  });

  it("round-trips", () => {
    for (const value of [
      order(),
      create(OrderSchema),
      order({ amountCents: -(2n ** 63n), id: "日本語🚀" }),
    ]) {
      expect(codec.decode(codec.encode(value))).toEqual(value);
    }
  });

  it("writes canonical proto3 JSON, as Go's protojson does", () => {
    expect(JSON.parse(text.decode(codec.encode(order())))).toEqual({
      id: "o-1",
      amountCents: "1299",
      items: ["book", "pen"],
      status: "STATUS_PAID",
      createdAt: "2026-01-02T03:04:05.678Z",
    });
  });

  it("reads proto field names and numeric enums too, as the JSON mapping requires", () => {
    const decoded = codec.decode(
      bytes('{"amount_cents":"5","status":2,"created_at":"1970-01-01T00:00:00Z"}'),
    );
    expect(decoded).toEqual(
      create(OrderSchema, { amountCents: 5n, status: Status.PAID, createdAt: { seconds: 0n, nanos: 0 } }),
    );
  });

  it("ignores fields a newer producer added, by default", () => {
    expect(codec.decode(bytes('{"id":"x","addedLater":true}'))).toEqual(create(OrderSchema, { id: "x" }));
  });

  it("can reject unknown fields instead", () => {
    const strict = protobufJsonCodec(OrderSchema, { read: { ignoreUnknownFields: false } });
    expect(() => strict.decode(bytes('{"id":"x","addedLater":true}'))).toThrow(/addedLater/);
  });

  it("passes write options through", () => {
    const verbose = protobufJsonCodec(OrderSchema, {
      write: { alwaysEmitImplicit: true, useProtoFieldName: true },
    });
    expect(JSON.parse(text.decode(verbose.encode(create(OrderSchema))))).toEqual({
      id: "",
      amount_cents: "0",
      items: [],
      status: "STATUS_UNSPECIFIED",
    });
  });

  const garbage: [string, Uint8Array][] = [
    ["invalid JSON", bytes("{not json")],
    ["an empty payload", new Uint8Array(0)],
    ["non-UTF-8 bytes", new Uint8Array([0xff, 0xfe])],
    ["a field of the wrong type", bytes('{"id":5}')],
    ["an int64 that is not an integer", bytes('{"amountCents":"1.5"}')],
    ["a malformed timestamp", bytes('{"createdAt":"yesterday"}')],
    ["an array instead of an object", bytes("[]")],
    ["null", bytes("null")],
    ["a duplicate key", bytes('{"id":"a","id":"b"}')],
  ];

  it.each(garbage)("%s becomes a DecodeError naming the codec and subject", (_label, data) => {
    expect(() => codec.decode(data)).toThrow();
    let error: unknown;
    try {
      decodeWith(codec, data, "orders.created");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toMatchObject({ codec: "protobuf-json:natsflux.test.Order", subject: "orders.created" });
  });

  it("refuses a message of another type with an EncodeError", () => {
    let error: unknown;
    try {
      encodeWith(codec, create(RefundSchema) as unknown as Order, "orders.created");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EncodeError);
    expect((error as EncodeError).message).toContain("got one of type natsflux.test.Refund");
  });
});
