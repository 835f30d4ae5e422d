import {
  type ConsumableEvent,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  requestResponseHandler,
  type Setup,
  servicePublisher,
  transientEventStreamConsumer,
  withStreamDefaults,
} from "@natsflux/messaging";
import type { ChargeReceipt, ChargeRequest, OrderCreated, OrderEvent, OrderRejected } from "./messages.js";

/** Charges above this are declined, so the quick start also shows an error reply. */
const CHARGE_LIMIT_CENTS = 10_000;

// Streams without retention limits grow forever (the facade warns about it): keep a day of events.
const retention = withStreamDefaults({ maxAge: 24 * 60 * 60 * 1000 });

/** billing: answers `Billing.Charge` requests; a thrown error reaches the caller as a RemoteError. */
export function billingSetups(): Setup[] {
  return [
    retention,
    requestResponseHandler<ChargeRequest, ChargeReceipt>("Billing.Charge", ({ payload }) => {
      if (payload.amountCents > CHARGE_LIMIT_CENTS) {
        throw new Error(`card declined: ${payload.amountCents} cents is over the limit`);
      }
      return {
        orderId: payload.orderId,
        transactionId: `txn-${payload.orderId}`,
        chargedCents: payload.amountCents,
      };
    }),
  ];
}

/** The publishers order-service sends through; wired by `start()`. */
export interface OrderServicePublishers {
  readonly events: Publisher<OrderCreated | OrderRejected>;
  readonly billing: Publisher<ChargeRequest, ChargeReceipt>;
}

/** order-service: publishes order events and calls billing. */
export function orderServiceSetups(): { setups: Setup[]; publishers: OrderServicePublishers } {
  const publishers: OrderServicePublishers = {
    events: new Publisher<OrderCreated | OrderRejected>(),
    billing: new Publisher<ChargeRequest, ChargeReceipt>(),
  };
  return {
    publishers,
    setups: [
      retention,
      eventStreamPublisher(publishers.events),
      servicePublisher("billing", publishers.billing),
    ],
  };
}

export type EventSink = (event: ConsumableEvent<OrderEvent>) => void;

/** notifications: a durable consumer (it resumes where it left off after a restart) of every order event. */
export function notificationsSetups(onEvent: EventSink): Setup[] {
  return [retention, eventStreamConsumer<OrderEvent>("Order.*", onEvent)];
}

/** dashboard: a transient consumer, gone when the service stops; it replays what the stream retained. */
export function dashboardSetups(onEvent: EventSink): Setup[] {
  return [retention, transientEventStreamConsumer<OrderEvent>("Order.#", onEvent)];
}
