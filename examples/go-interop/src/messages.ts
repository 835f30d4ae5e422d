// The JSON shapes both sides agree on. Field names are the Go structs' `json:"..."` tags (snake_case),
// because the Go side decides them: encoding/json writes the tag names.

/** Go: `type OrderCreated struct { OrderID string `json:"order_id"`; Amount int `json:"amount"` }` */
export interface OrderCreated {
  readonly order_id: string;
  readonly amount: number;
}

/** Published by the TypeScript service; the Go service consumes it. */
export interface ShipmentScheduled {
  readonly order_id: string;
  readonly carrier: string;
}

/** Go's `ServicePublisher("shipping", ...)` sends this to `shipping.request.Shipping.Quote`. */
export interface QuoteRequest {
  readonly order_id: string;
  readonly weight_grams: number;
}
export interface QuoteResponse {
  readonly order_id: string;
  readonly price_cents: number;
}

/** The TypeScript service asks Go's `RequestResponseHandler("Order.Status", ...)`. */
export interface StatusRequest {
  readonly order_id: string;
}
export interface StatusResponse {
  readonly order_id: string;
  readonly status: string;
}
