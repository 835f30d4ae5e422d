import type { Codec } from "@natsflux/core";
import { RawJson } from "./raw-json.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * JSON without a round trip through JavaScript values (Go's `json.RawMessage`): consumers capture the
 * payload text as received, publishers send the text they are given.
 */
export const rawJsonCodec: Codec<RawJson> = Object.freeze({
  name: "json-raw",
  contentType: "application/json",
  encode: (value: RawJson): Uint8Array => encoder.encode(value.text),
  decode(data: Uint8Array): RawJson {
    if (data.length === 0) throw new SyntaxError("empty payload is not JSON");
    return RawJson.parse(decoder.decode(data));
  },
});
