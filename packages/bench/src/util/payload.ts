import type { Codec } from "@natsflux/core";

/** A payload of `size` bytes, filled (not zeros) like the raw baseline's. */
export function payloadOf(size: number): Uint8Array {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = 97 + (i % 26);
  return data;
}

/**
 * Passes bytes through untouched. The transport workloads send the same bytes on both sides, so the ratio is
 * the natsflux layer's own cost, not a codec's.
 */
export const bytesCodec: Codec<Uint8Array> = {
  name: "bytes",
  contentType: "application/octet-stream",
  encode: (value) => value,
  decode: (data) => data,
};

export const formatBytes = (size: number): string => (size >= 1024 ? `${size / 1024} KiB` : `${size} B`);
