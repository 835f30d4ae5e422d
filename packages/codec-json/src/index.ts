export { type JsonCodecOptions, jsonCodec } from "./json-codec.js";
