import type {
  PushServeOptions,
  PushSubscribeOptions,
  RequesterOptions,
  TransportOptions,
} from "@natsflux/core";

/** Options every memory publisher, subscriber, requester and responder accepts, as on a real transport. */
export type MemoryTransportOptions = TransportOptions;
export type MemoryPublisherOptions = TransportOptions;
export type MemorySubscriberOptions = TransportOptions;
export type MemoryResponderOptions = TransportOptions;
export type MemoryRequesterOptions = RequesterOptions;
export type MemorySubscribeOptions = PushSubscribeOptions;
export type MemoryServeOptions = PushServeOptions;
