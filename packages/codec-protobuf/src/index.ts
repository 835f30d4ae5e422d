export { type ProtobufCodecOptions, protobufCodec } from "./protobuf-codec.js";
export { type ProtobufJsonCodecOptions, protobufJsonCodec } from "./protobuf-json-codec.js";
