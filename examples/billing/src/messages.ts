export interface ChargeRequest {
  readonly customerId: string;
  readonly amountCents: number;
}
export interface ChargeResponse {
  readonly transactionId: string;
  /** Which billing instance answered (to show the queue group sharing the load). */
  readonly instance: string;
}
export interface RefundRequest {
  readonly transactionId: string;
}
