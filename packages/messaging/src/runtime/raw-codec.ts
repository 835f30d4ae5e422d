import type { Codec } from "@natsflux/core";

/**
 * Passes bytes through. The facade moves raw bytes through the transports and decodes with each
 * registration's own codec, because one consumer group can carry several message types.
 */
export const rawCodec: Codec<Uint8Array> = Object.freeze({
  name: "bytes",
  contentType: "application/octet-stream",
  encode: (value: Uint8Array) => value,
  decode: (data: Uint8Array) => data,
});
