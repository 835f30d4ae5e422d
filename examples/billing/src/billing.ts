import {
  type Connection,
  createConnection,
  type Logger,
  NonRetryableError,
  requestResponseHandler,
  serviceRequestConsumer,
} from "@natsflux/messaging";
import type { ChargeRequest, ChargeResponse, RefundRequest } from "./messages.js";

/**
 * Starts one instance of the billing service. Every instance joins the queue group "billing", so a
 * request is handled by exactly one of them (the Go transport has no queue group: every Go instance
 * would handle it and the caller would keep the first reply).
 */
export async function startBilling(
  servers: string,
  instance: string,
  logger: Logger,
  refunds: string[],
): Promise<Connection> {
  const billing = createConnection({ serviceName: "billing", servers, logger });
  let next = 0;
  await billing.start(
    // Answers with the handler's value; a throw becomes an error reply the caller sees as RemoteError.
    requestResponseHandler<ChargeRequest, ChargeResponse>("Billing.Charge", ({ payload }) => {
      if (!Number.isInteger(payload.amountCents) || payload.amountCents <= 0) {
        throw new NonRetryableError(`invalid amount ${payload.amountCents}`);
      }
      next += 1;
      return { transactionId: `${instance}-txn-${next}`, instance };
    }),
    // One-way: no reply value. A waiting caller still gets `{}` once the handler succeeded.
    serviceRequestConsumer<RefundRequest>("Billing.Refund", ({ payload }) => {
      refunds.push(payload.transactionId);
    }),
  );
  return billing;
}
