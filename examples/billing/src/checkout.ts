import {
  createConnection,
  type Logger,
  NoRespondersError,
  Publisher,
  RemoteError,
  servicePublisher,
  serviceResponseConsumer,
  withRequestTimeout,
} from "@natsflux/messaging";
import type { ChargeRequest, ChargeResponse, RefundRequest } from "./messages.js";

export interface CheckoutResult {
  readonly charges: ChargeResponse[];
  readonly rejected: string;
  readonly refundReply: unknown;
  readonly noResponders: string;
}

/** The caller side: request-reply with typed replies and typed errors. */
export async function runCheckout(
  servers: string,
  logger: Logger,
  log: (line: string) => void,
): Promise<CheckoutResult> {
  const charge = new Publisher<ChargeRequest, ChargeResponse>();
  const refund = new Publisher<RefundRequest, Record<string, never>>();
  const fraudCheck = new Publisher<ChargeRequest, { ok: boolean }>();
  await using checkout = createConnection({ serviceName: "checkout", servers, logger });
  await checkout.start(
    withRequestTimeout(2000), // applies to every service publisher, wherever it appears
    servicePublisher("billing", charge),
    servicePublisher("billing", refund),
    servicePublisher("fraud-check", fraudCheck),
    // Topology only, as in Go: on NATS the reply comes back to publish() through the request's inbox.
    serviceResponseConsumer<ChargeResponse>("billing", "Billing.Charge", () => {}),
  );

  const charges: ChargeResponse[] = [];
  for (let i = 1; i <= 20; i++) {
    const reply = await charge.publish("Billing.Charge", { customerId: `c-${i}`, amountCents: 100 * i });
    charges.push(reply);
    if (i <= 3)
      log(
        `checkout → billing Billing.Charge c-${i} ⇒ ${reply.transactionId} (answered by ${reply.instance})`,
      );
  }
  log(`… 20 charges answered: ${summarise(charges)}`);

  const rejected = await charge.publish("Billing.Charge", { customerId: "c-x", amountCents: -5 }).then(
    () => "accepted?!",
    (error: unknown) => {
      if (!(error instanceof RemoteError)) throw error;
      return error.remoteMessage;
    },
  );
  log(`checkout → billing Billing.Charge -5¢ ⇒ RemoteError "${rejected}"`);

  const refundReply = await refund.publish("Billing.Refund", {
    transactionId: charges[0]?.transactionId ?? "",
  });
  log(`checkout → billing Billing.Refund ⇒ ${JSON.stringify(refundReply)} (one-way request acknowledged)`);

  const noResponders = await fraudCheck.publish("Fraud.Check", { customerId: "c-1", amountCents: 1 }).then(
    () => "answered?!",
    (error: unknown) => {
      if (!(error instanceof NoRespondersError)) throw error;
      return error.message;
    },
  );
  log(`checkout → fraud-check Fraud.Check ⇒ NoRespondersError at once: ${noResponders}`);

  log(
    `checkout topology: ${JSON.stringify((checkout.topology().endpoints ?? []).map((e) => `${e.direction} ${e.pattern} ${e.exchangeName}`))}`,
  );
  return { charges, rejected, refundReply, noResponders };
}

function summarise(charges: ChargeResponse[]): string {
  const per = new Map<string, number>();
  for (const c of charges) per.set(c.instance, (per.get(c.instance) ?? 0) + 1);
  return [...per].map(([instance, n]) => `${instance} ${n}`).join(", ");
}
