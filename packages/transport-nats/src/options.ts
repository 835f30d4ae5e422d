import type {
  PushServeOptions,
  PushSubscribeOptions,
  RequesterOptions,
  TransportOptions,
} from "@natsflux/core";
import { defaultPushBufferSize } from "@natsflux/core/internal";

/** Options every Core NATS publisher, subscriber, requester and responder accepts. */
export interface NatsTransportOptions extends TransportOptions {
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
export interface NatsRequesterOptions extends NatsTransportOptions, RequesterOptions {}
export type NatsSubscribeOptions = PushSubscribeOptions;
export type NatsServeOptions = PushServeOptions;

export { defaultQueueGroup, defaultRequestTimeoutMs } from "@natsflux/core";
/** `bufferSize` of handler mode: Core NATS has no flow control, so a subscription bounds what it holds. */
export const defaultHandlerBufferSize = defaultPushBufferSize;
