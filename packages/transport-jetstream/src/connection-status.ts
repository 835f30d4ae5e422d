import type { NatsConnection, Status } from "@nats-io/nats-core";
import type { StatusListener } from "@natsflux/core";
import { notify } from "@natsflux/core/internal";

/**
 * Reports the connection's disconnects and reconnects to `listener` until the returned function is called.
 * Nothing to do for the subscription itself: the client reconnects (if the caller's connection allows it:
 * use `maxReconnectAttempts: -1`, the default gives up after about 20 s) and open pulls resume.
 */
export function watchConnection(nc: NatsConnection, listener: StatusListener | undefined): () => void {
  if (listener === undefined) return () => {};
  const statuses = nc.status() as AsyncIterable<Status> & { stop?: () => void };
  void (async () => {
    try {
      for await (const status of statuses) {
        switch (status.type) {
          case "disconnect":
            notify(listener, { type: "disconnected", server: status.server });
            break;
          case "reconnecting":
            notify(listener, { type: "reconnecting" });
            break;
          case "reconnect":
            notify(listener, { type: "reconnected", server: status.server });
            break;
          default:
        }
      }
    } catch {
      // The status stream ends with the connection; nothing to report from here.
    }
  })();
  return () => statuses.stop?.();
}
