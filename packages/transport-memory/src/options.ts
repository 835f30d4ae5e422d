import type { ServeOptions, SubscribeOptions, Telemetry } from "@natsflux/core";

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

/** Like Core NATS, the broker cannot hold a publisher back: these bound what a subscription holds. */
export interface PendingLimitOptions {
  /**
   * Messages received but not yet handled (running plus waiting) in handler mode. Beyond this messages are
   * dropped and reported as a `slow_consumer` status event.
   * @default 65536
   */
  readonly maxPending?: number;
}

export interface MemorySubscribeOptions extends SubscribeOptions, PendingLimitOptions {
  /** Queue group: each message goes to one member of the group instead of to every subscriber. */
  readonly queue?: string;
}

export interface MemoryServeOptions extends ServeOptions, PendingLimitOptions {}

export const defaultRequestTimeoutMs = 5000;
export const defaultQueueGroup = "natsflux";
export const defaultMaxPending = 65_536;
