import type { NatsConnection, Status } from "@nats-io/nats-core";
import { type StatusEvent, type StatusListener, TransportError } from "@natsflux/core";
import { notify } from "@natsflux/core/internal";
import { redact } from "./redact.js";

/**
 * Forwards the connection's status (disconnect, reconnecting, reconnect, server errors) to a
 * subscription's listener as typed StatusEvents. Returns a function that stops watching; it must be
 * called when the subscription ends, or nats.js keeps a listener queue per ended subscription. Without a
 * listener nothing is watched.
 */
export function watchConnectionStatus(nc: NatsConnection, listener: StatusListener | undefined): () => void {
  if (listener === undefined) return () => {};
  const statuses = nc.status();
  const iterator = statuses[Symbol.asyncIterator]();
  let watching = true;
  void (async () => {
    while (watching) {
      const next = await iterator.next();
      if (next.done || !watching) return;
      const event = toStatusEvent(next.value);
      if (event !== undefined) notify(listener, event);
    }
  })().catch(() => {
    // The status iterator only ends with the connection; nothing to report about that.
  });
  return () => {
    if (!watching) return;
    watching = false;
    // nats.js's status iterator has stop(); `return()` on a generator waiting for its next value would hang.
    const stoppable = statuses as { stop?: () => void };
    if (typeof stoppable.stop === "function") stoppable.stop();
    else void iterator.return?.();
  };
}

/** The StatusEvent for a nats.js status, or undefined for statuses a subscription has no use for. */
export function toStatusEvent(status: Status): StatusEvent | undefined {
  switch (status.type) {
    case "disconnect":
      return { type: "disconnected", server: status.server };
    case "reconnecting":
      return { type: "reconnecting" };
    case "reconnect":
      return { type: "reconnected", server: status.server };
    case "error":
      // Permission violations name their own subject and reach the operation they belong to directly
      // (the subscription callback, the request); on every other subscription they would be noise.
      if (status.error.name === "PermissionViolationError") return undefined;
      return {
        type: "error",
        error: new TransportError(`NATS server error: ${redact(status.error.message)}`, status.error),
      };
    default:
      return undefined;
  }
}
