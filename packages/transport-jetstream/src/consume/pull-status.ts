import type { Msg } from "@nats-io/nats-core";

/**
 * What a status message on a pull inbox means (ADR-13). Idle heartbeats (100) only show the request is alive;
 * 404/408 end it normally (no messages / expired); 409 ends it for a reason that matters: a leadership change
 * or a server shutdown are routine and the pull is simply sent again, anything else (consumer deleted, a limit
 * exceeded) is a failure, as are 400 (bad request) and 503 (no one answers the pull: no leader, JetStream down).
 */
export type PullStatus =
  | { readonly kind: "heartbeat" }
  | { readonly kind: "expired" }
  | { readonly kind: "leadership_change" }
  | { readonly kind: "server_shutdown" }
  | { readonly kind: "failed"; readonly code: number; readonly description: string }
  | { readonly kind: "other"; readonly code: number; readonly description: string };

export function pullStatus(msg: Msg): PullStatus {
  const code = msg.headers?.code ?? 0;
  const description = (msg.headers?.description ?? "").toLowerCase();
  switch (code) {
    case 100:
      return { kind: "heartbeat" };
    case 404:
    case 408:
      return { kind: "expired" };
    case 409:
      if (description === "leadership change") return { kind: "leadership_change" };
      if (description === "server shutdown") return { kind: "server_shutdown" };
      return { kind: "failed", code, description };
    case 400:
      return { kind: "failed", code, description };
    case 503:
      return { kind: "failed", code, description: description || "no responders" };
    default:
      return { kind: "other", code, description };
  }
}
