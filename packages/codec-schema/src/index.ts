export { type SchemaCodecOptions, schemaCodec } from "./schema-codec.js";
export { SchemaValidationError } from "./schema-validation-error.js";
