import type { MsgHdrs, NatsConnection } from "@nats-io/nats-core";
import { replyInboxBytes } from "@natsflux/core/internal";
import { isMaxPayloadError, type NatsOperation, payloadTooLarge, toNatsfluxError } from "./errors.js";

/**
 * Hands one message to nats.js. The payload is checked against the server's max_payload first, so an
 * oversized message fails with its size and the limit instead of nats.js's generic argument error
 * (which still catches payload plus headers crossing the limit).
 */
export function send(
  nc: NatsConnection,
  operation: NatsOperation,
  subject: string,
  data: Uint8Array,
  headers: MsgHdrs | undefined,
): void {
  const limit = nc.info?.max_payload;
  if (limit !== undefined && data.length > limit)
    throw payloadTooLarge(operation, subject, data.length, limit);
  try {
    // No options object at all for the common header-less case: nats.js then sends a plain PUB.
    nc.publish(subject, data, headers === undefined ? undefined : { headers });
  } catch (error) {
    if (isMaxPayloadError(error)) {
      const size = data.length + (headers === undefined ? 0 : encodedLength(headers));
      throw payloadTooLarge(operation, subject, size, limit ?? nc.info?.max_payload ?? 0);
    }
    throw toNatsfluxError(error, operation, subject);
  }
}

/** Throws the same error `send` would for a payload over the connected server's limit. */
export function checkPayloadSize(
  nc: NatsConnection,
  operation: NatsOperation,
  subject: string,
  size: number,
): void {
  const limit = nc.info?.max_payload;
  if (limit !== undefined && size > limit) throw payloadTooLarge(operation, subject, size, limit);
}

/**
 * Bytes of the reply subject nats.js gives a request on `nc`. The inbox prefix is a connection option that
 * `NatsConnection` does not type; nats.js keeps the options on the connection as `options`.
 */
export function replyBytesOf(nc: NatsConnection): number {
  return replyInboxBytes((nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix);
}

function encodedLength(headers: MsgHdrs): number {
  const encode = (headers as { encode?: () => Uint8Array }).encode;
  return typeof encode === "function" ? encode.call(headers).length : 0;
}
