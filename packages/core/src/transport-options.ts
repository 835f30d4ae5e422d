import type { ServeOptions } from "./responder.js";
import type { BufferOptions, SubscribeOptions } from "./subscriber.js";
import type { Telemetry } from "./telemetry.js";

/** Options every publisher, subscriber, requester and responder of a transport accepts. */
export interface TransportOptions {
  /**
   * Hooks around every publish, process and request (tracing, metrics).
   * @default noopTelemetry
   */
  readonly telemetry?: Telemetry;
}

/** Options of a requester. */
export interface RequesterOptions extends TransportOptions {
  /**
   * Milliseconds to wait for a reply when a request does not say otherwise.
   * @default 5000
   */
  readonly timeout?: number;
}

/** Subscribe options of a push transport (Core NATS, memory), where subscribers may share a queue group. */
export interface PushSubscribeOptions extends SubscribeOptions, BufferOptions {
  /** Queue group: each message goes to one member of the group instead of to every subscriber. */
  readonly queue?: string;
}

/** Serve options of a push transport (Core NATS, memory). */
export interface PushServeOptions extends ServeOptions, BufferOptions {}

/** A requester's reply timeout when neither its options nor the request say otherwise. */
export const defaultRequestTimeoutMs = 5000;

/** The queue group responders join unless `queue` says otherwise (see ServeOptions). */
export const defaultQueueGroup = "natsflux";
