import type { Codec } from "@natsflux/core";

const emptyObject = new TextEncoder().encode("{}");

/**
 * The reply codec of a one-way service consumer: Go answers such a request with `{}` once its handler
 * is done, whatever the handler returned.
 */
export const acknowledgementCodec: Codec<unknown> = Object.freeze({
  name: "go-acknowledgement",
  contentType: "application/json",
  encode: () => emptyObject,
  decode: () => undefined,
});
