import type { DeliveryInfo, Metadata } from "@natsflux/gomessaging";
import type { Context } from "@opentelemetry/api";

export type { DeliveryInfo, Metadata };

/** What a consumer handler receives. */
export interface ConsumableEvent<T> {
  readonly metadata: Metadata;
  readonly deliveryInfo: DeliveryInfo;
  readonly payload: T;
}

/** What a handler receives besides the event. */
export interface EventContext {
  /** Aborted when the consumer stops without draining; long handlers should watch it. */
  readonly signal: AbortSignal;
  /**
   * The OpenTelemetry context of the message's consumer span. Handlers also run inside it (spans they
   * start nest under it when a context manager is registered); pass it on explicitly without one, e.g.
   * as `publish(..., { traceContext })`.
   */
  readonly traceContext?: Context;
}

/** Processes an event; a rejection naks it (or terms it for `NonRetryableError`). */
export type EventHandler<T> = (event: ConsumableEvent<T>, context: EventContext) => Promise<void> | void;

/** Answers a service request; the resolved value is the reply. */
export type RequestResponseEventHandler<Req, Resp> = (
  event: ConsumableEvent<Req>,
  context: EventContext,
) => Promise<Resp> | Resp;
