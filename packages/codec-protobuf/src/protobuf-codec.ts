import {
  type BinaryReadOptions,
  type BinaryWriteOptions,
  type DescMessage,
  fromBinary,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import type { Codec } from "@natsflux/core";
import { asMessage } from "./as-message.js";

export interface ProtobufCodecOptions {
  /** Passed to `fromBinary`. Unknown fields are kept by default, so they survive a decode and re-encode. */
  readonly read?: Partial<BinaryReadOptions>;
  /** Passed to `toBinary`. */
  readonly write?: Partial<BinaryWriteOptions>;
}

/**
 * Protocol Buffers binary format for one message type, described by a schema generated with protoc-gen-es
 * (e.g. `OrderSchema`). Readable by every protobuf implementation, Go included.
 *
 * Decoding fails on malformed wire data (truncated varints or fields, illegal wire types or field number 0,
 * invalid UTF-8 in strings), but the format cannot tell every garbage payload from a message: an empty
 * payload is a message with all fields at their defaults, and bytes that happen to form valid tags decode
 * as unknown fields. Wrap with `@natsflux/codec-schema` or check required fields where that matters.
 */
export function protobufCodec<Desc extends DescMessage>(
  schema: Desc,
  options: ProtobufCodecOptions = {},
): Codec<MessageShape<Desc>> {
  const { read, write } = options;
  return {
    name: `protobuf:${schema.typeName}`,
    contentType: "application/protobuf",
    encode(value: MessageShape<Desc>): Uint8Array {
      return toBinary(schema, asMessage(schema, value), write);
    },
    decode(data: Uint8Array): MessageShape<Desc> {
      return fromBinary(schema, data, read);
    },
  };
}
