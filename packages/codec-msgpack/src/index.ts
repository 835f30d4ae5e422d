export { type MsgpackCodecOptions, msgpackCodec } from "./msgpack-codec.js";
