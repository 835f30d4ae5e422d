import type { BufferOptions, ServeOptions, SubscribeOptions, Telemetry } from "@natsflux/core";

/** Options every memory publisher, subscriber, requester and responder accepts. */
export interface MemoryTransportOptions {
  /**
   * Hooks around every publish, process and request, as on a real transport.
   * @default noopTelemetry
   */
  readonly telemetry?: Telemetry;
}

export type MemoryPublisherOptions = MemoryTransportOptions;
export type MemorySubscriberOptions = MemoryTransportOptions;
export type MemoryResponderOptions = MemoryTransportOptions;

export interface MemoryRequesterOptions extends MemoryTransportOptions {
  /**
   * Milliseconds to wait for a reply when a request does not say otherwise.
   * @default 5000
   */
  readonly timeout?: number;
}

export interface MemorySubscribeOptions extends SubscribeOptions, BufferOptions {
  /** Queue group: each message goes to one member of the group instead of to every subscriber. */
  readonly queue?: string;
}

export interface MemoryServeOptions extends ServeOptions, BufferOptions {}

export const defaultRequestTimeoutMs = 5000;
export const defaultQueueGroup = "natsflux";
/** `bufferSize` of handler mode: like Core NATS, the broker cannot hold a publisher back. */
export const defaultHandlerBufferSize = 65_536;
