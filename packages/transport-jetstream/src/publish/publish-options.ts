import type { PublishOptions, Telemetry } from "@natsflux/core";

/** What the stream confirmed for one stored message. */
export interface PubAck {
  readonly stream: string;
  /** Stream sequence of the stored message (of the original, for a duplicate). */
  readonly seq: number;
  /** True when the stream dropped this message as a duplicate of an earlier one with the same `msgId`. */
  readonly duplicate: boolean;
  readonly domain?: string;
}

/** Conditions the stream checks before storing; a mismatch rejects the publish with a `PublishError`. */
export interface PublishExpectations {
  /** The subject must be captured by this stream. */
  readonly stream?: string;
  /** The stream's last sequence must be this. */
  readonly lastSequence?: number;
  /** The last message on this subject must have this sequence (0: there must be none). */
  readonly lastSubjectSequence?: number;
  /** The stream's last message must have had this `msgId`. */
  readonly lastMsgId?: string;
}

export interface JetStreamPublishOptions extends PublishOptions {
  /**
   * Sent as `Nats-Msg-Id`: within the stream's duplicate window a second message with the same id is not
   * stored and its PubAck says `duplicate: true`. Use it whenever a publish may be retried.
   */
  readonly msgId?: string;
  readonly expect?: PublishExpectations;
  /** Milliseconds to wait for the stream's acknowledgement. @default the publisher's `timeout` */
  readonly timeout?: number;
}

export interface JetStreamPublisherOptions {
  /** @default noopTelemetry */
  readonly telemetry?: Telemetry;
  /** Milliseconds to wait for each acknowledgement. @default the JetStream client's timeout (5000) */
  readonly timeout?: number;
  /**
   * The server's `max_control_line` in bytes. nats-server does not announce it, and closes the whole
   * connection on a longer protocol line, so a subject that cannot fit next to the reply inbox is refused
   * with a `ConfigError` before anything is sent. Raise it only with the server's setting.
   * @default 4096
   */
  readonly maxControlLine?: number;
}

export interface PipelineOptions {
  /**
   * Publishes awaiting their acknowledgement at once. `publish()` waits while the window is full.
   * @default 256
   */
  readonly window?: number;
}
