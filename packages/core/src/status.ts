/** Something that happened to a subscription or its connection, reported instead of thrown. */
export type StatusEvent =
  | { readonly type: "disconnected"; readonly server?: string }
  | { readonly type: "reconnecting" }
  | { readonly type: "reconnected"; readonly server?: string }
  | { readonly type: "slow_consumer"; readonly subject: string; readonly dropped: number }
  | { readonly type: "heartbeats_missed"; readonly count: number }
  | { readonly type: "consumer_deleted"; readonly stream: string; readonly consumer: string }
  | { readonly type: "consumer_not_found"; readonly stream: string; readonly consumer: string }
  | { readonly type: "stream_not_found"; readonly stream: string }
  | { readonly type: "consumer_recreated"; readonly stream: string; readonly consumer: string }
  | { readonly type: "handler_error"; readonly subject: string; readonly error: unknown }
  | { readonly type: "error"; readonly error: unknown };

export type StatusEventType = StatusEvent["type"];

/** Receives status events. It must not throw; if it does, the error is swallowed so the loop survives. */
export type StatusListener = (event: StatusEvent) => void;
