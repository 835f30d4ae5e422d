import type { AckDecision } from "./retry-policy.js";

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
  | {
      /**
       * Starting up changed an existing consumer's configuration to the declared one. `reverted`: the
       * configuration replaced had itself replaced this declaration (server metadata, 2.10+), i.e. instances
       * disagree and overwrite each other on every start. `otherPulls`: pull requests other instances had
       * waiting on the consumer at that moment (they run with the old configuration in mind).
       */
      readonly type: "consumer_config_changed";
      readonly stream: string;
      readonly consumer: string;
      readonly changes: ReadonlyArray<ConfigChange>;
      readonly reverted: boolean;
      readonly otherPulls: number;
    }
  | {
      /**
       * A handler (or the decoder) failed. Acknowledging transports add how often the message was delivered
       * and how it was settled, which is what a rate-limited failure log needs.
       */
      readonly type: "handler_error";
      readonly subject: string;
      readonly error: unknown;
      readonly deliveryCount?: number;
      readonly decision?: AckDecision;
    }
  /** The consumer's leader changed (a failover or step-down); its open pulls ended and are sent again. */
  | { readonly type: "consumer_leader_changed"; readonly stream: string; readonly consumer: string }
  /** The server holding the consumer's pulls is shutting down (restart, lame duck); pulls are sent again. */
  | { readonly type: "server_shutdown"; readonly stream: string; readonly consumer: string }
  /**
   * Nothing came back for the consumer's pulls for `silentMs`: no message and no heartbeat, or nobody
   * answering the pull (no leader yet). Usually the waiting period of a failover; pulls are retried.
   */
  | {
      readonly type: "consumer_unresponsive";
      readonly stream: string;
      readonly consumer: string;
      readonly silentMs: number;
      readonly reason: "no_heartbeat" | "no_responders";
    }
  /** Pulls are answered again after an interruption (leader change, shutdown, silence) that lasted `afterMs`. */
  | {
      readonly type: "consumer_resumed";
      readonly stream: string;
      readonly consumer: string;
      readonly afterMs: number;
    }
  | { readonly type: "error"; readonly error: unknown };

/** One configuration field changed: the value it had and the value it has now (null: not set). */
export interface ConfigChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

export type StatusEventType = StatusEvent["type"];

/** Receives status events. It must not throw; if it does, the error is swallowed so the loop survives. */
export type StatusListener = (event: StatusEvent) => void;
