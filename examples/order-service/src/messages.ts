// The message types the services exchange. JSON on the wire, so a Go service can declare the same
// shapes as structs with matching `json:"..."` tags.

/** Request from order-service to billing (`billing.request.Billing.Charge`). */
export interface ChargeRequest {
  readonly orderId: string;
  readonly amountCents: number;
}

/** Billing's reply to a successful charge. */
export interface ChargeReceipt {
  readonly orderId: string;
  readonly transactionId: string;
  readonly chargedCents: number;
}

/** Published on `events.Order.Created` once an order is paid. */
export interface OrderCreated {
  readonly orderId: string;
  readonly amountCents: number;
  readonly transactionId: string;
}

/** Published on `events.Order.Rejected` when billing declined the charge. */
export interface OrderRejected {
  readonly orderId: string;
  readonly reason: string;
}

export type OrderEvent = OrderCreated | OrderRejected;
