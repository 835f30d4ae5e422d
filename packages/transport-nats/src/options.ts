import type { BufferOptions, ServeOptions, SubscribeOptions, Telemetry } from "@natsflux/core";

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

export interface NatsSubscribeOptions extends SubscribeOptions, BufferOptions {
  /** Queue group: each message goes to one member of the group instead of to every subscriber. */
  readonly queue?: string;
}

export interface NatsServeOptions extends ServeOptions, BufferOptions {}

export const defaultRequestTimeoutMs = 5000;
export const defaultQueueGroup = "natsflux";
/** `bufferSize` of handler mode: Core NATS has no flow control, so a subscription bounds what it holds. */
export const defaultHandlerBufferSize = 65_536;
