import {
  type DescMessage,
  fromJsonString,
  type JsonReadOptions,
  type JsonWriteOptions,
  type MessageShape,
  toJsonString,
} from "@bufbuild/protobuf";
import type { Codec } from "@natsflux/core";
import { asMessage } from "./as-message.js";

export interface ProtobufJsonCodecOptions {
  /**
   * Passed to `fromJsonString`. `ignoreUnknownFields` defaults to true here (the protobuf library's default is
   * false): a consumer must keep working when a producer adds a field, as it does with the binary format.
   * Pass a `registry` to read `google.protobuf.Any`.
   */
  readonly read?: Partial<JsonReadOptions>;
  /** Passed to `toJsonString`. Pass a `registry` to write `google.protobuf.Any`. */
  readonly write?: Partial<JsonWriteOptions>;
}

const encoder = new TextEncoder();
// fatal: bytes that are not UTF-8 are an error, not silently replaced with U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * The canonical proto3 JSON mapping of one message type (lowerCamelCase names, int64 as strings, enums by
 * name, Timestamp as RFC 3339), the same form as Go's protojson. For peers that speak JSON but share the
 * .proto contract.
 */
export function protobufJsonCodec<Desc extends DescMessage>(
  schema: Desc,
  options: ProtobufJsonCodecOptions = {},
): Codec<MessageShape<Desc>> {
  const read: Partial<JsonReadOptions> = { ignoreUnknownFields: true, ...options.read };
  const { write } = options;
  return {
    name: `protobuf-json:${schema.typeName}`,
    contentType: "application/json",
    encode(value: MessageShape<Desc>): Uint8Array {
      return encoder.encode(toJsonString(schema, asMessage(schema, value), write));
    },
    decode(data: Uint8Array): MessageShape<Desc> {
      if (data.length === 0) throw new SyntaxError("empty payload is not JSON");
      return fromJsonString(schema, decoder.decode(data), read);
    },
  };
}
