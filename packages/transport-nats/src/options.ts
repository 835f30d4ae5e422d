import type { ServeOptions, SubscribeOptions, Telemetry } from "@natsflux/core";

/** Options every Core NATS publisher, subscriber, requester and responder accepts. */
export interface NatsTransportOptions {
  /**
   * Hooks around every publish, process and request (tracing, metrics).
   * @default noopTelemetry
   */
  readonly telemetry?: Telemetry;
  /**
   * The server's `max_control_line` in bytes. nats-server does not announce it, and closes the whole
   * connection on a longer protocol line, so subjects (with reply inbox or queue group) that cannot fit
   * are refused with a `ConfigError` before anything is sent. Raise it only with the server's setting.
   * @default 4096
   */
  readonly maxControlLine?: number;
}

export type NatsPublisherOptions = NatsTransportOptions;
export type NatsSubscriberOptions = NatsTransportOptions;
export type NatsResponderOptions = NatsTransportOptions;

export interface NatsRequesterOptions extends NatsTransportOptions {
  /**
   * Milliseconds to wait for a reply when a request does not say otherwise.
   * @default 5000
   */
  readonly timeout?: number;
}

/** Core NATS has no flow control: these bound what a subscription holds in memory. */
export interface PendingLimitOptions {
  /**
   * Messages received but not yet handled (running plus waiting) in handler mode. Core NATS cannot hold
   * the server back, so beyond this messages are dropped and reported as a `slow_consumer` status event.
   * @default 65536
   */
  readonly maxPending?: number;
}

export interface NatsSubscribeOptions extends SubscribeOptions, PendingLimitOptions {
  /** Queue group: each message goes to one member of the group instead of to every subscriber. */
  readonly queue?: string;
}

export interface NatsServeOptions extends ServeOptions, PendingLimitOptions {}

export const defaultRequestTimeoutMs = 5000;
export const defaultQueueGroup = "natsflux";
export const defaultMaxPending = 65_536;
