import { randomBytes } from "node:crypto";
import { mermaid, type Topology } from "@natsflux/gomessaging";
import { createConnection, type Logger, RemoteError } from "@natsflux/messaging";
import type { ChargeReceipt, OrderEvent } from "./messages.js";
import { Seen } from "./seen.js";
import { billingSetups, dashboardSetups, notificationsSetups, orderServiceSetups } from "./services.js";

export interface FlowOptions {
  /** NATS server URL(s). */
  readonly servers: string | string[];
  /** Where the narration goes. @default console.log */
  readonly log?: (line: string) => void;
  /** Amounts to order, in cents; those over the billing limit are declined. */
  readonly amounts?: ReadonlyArray<number>;
  /** Bound on waiting for the events to arrive, in ms. @default 10000 */
  readonly timeoutMs?: number;
}

export interface FlowResult {
  readonly receipts: ChargeReceipt[];
  readonly declined: string[];
  /** Order ids (of this run) the durable notifications consumer received. */
  readonly notified: string[];
  /** Order ids (of this run) the transient dashboard consumer received. */
  readonly dashboard: string[];
  readonly topologies: Topology[];
  /** The services' topology as a Mermaid flowchart. */
  readonly diagram: string;
}

/**
 * Runs four services on one NATS and narrates what flows between them: order-service asks billing to
 * charge each order (request-reply on Core NATS), then publishes Order.Created or Order.Rejected to the
 * `events` stream (JetStream), where notifications (durable) and dashboard (transient) consume them.
 */
export async function runOrderFlow(options: FlowOptions): Promise<FlowResult> {
  const log = options.log ?? console.log;
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Against a long-lived server (NATS_URL) the stream keeps earlier runs' events: tell ours apart.
  const run = randomBytes(3).toString("hex");
  const ours = (id: string) => id.startsWith(`${run}-`);
  const common = (serviceName: string) => ({
    serviceName,
    servers: options.servers,
    logger: narrator(serviceName, log),
  });

  const notified = new Seen();
  const dashboard = new Seen();
  const describe = (e: { payload: OrderEvent; metadata: { id: string; source: string } }) =>
    `${e.payload.orderId} (ce-source ${e.metadata.source}, ce-id ${e.metadata.id.slice(0, 8)}…)`;

  await using billing = createConnection(common("billing"));
  await using notifications = createConnection(common("notifications"));
  await using dashboardService = createConnection(common("dashboard"));
  await using orderService = createConnection(common("order-service"));

  await billing.start(...billingSetups());
  await notifications.start(
    ...notificationsSetups((event) => {
      if (!ours(event.payload.orderId)) return;
      log(`  notifications ← ${event.deliveryInfo.key} ${describe(event)}`);
      notified.add(event.payload.orderId);
    }),
  );
  await dashboardService.start(
    ...dashboardSetups((event) => {
      if (!ours(event.payload.orderId)) return;
      log(`  dashboard     ← ${event.deliveryInfo.key} ${event.payload.orderId} (transient consumer)`);
      dashboard.add(event.payload.orderId);
    }),
  );
  const { setups, publishers } = orderServiceSetups();
  await orderService.start(...setups);
  log("services started: billing, notifications, dashboard, order-service");

  const receipts: ChargeReceipt[] = [];
  const declined: string[] = [];
  const orderIds: string[] = [];
  for (const [i, amountCents] of (options.amounts ?? [4_200, 1_999, 25_000]).entries()) {
    const orderId = `${run}-${i + 1}`;
    orderIds.push(orderId);
    const started = performance.now();
    try {
      const receipt = await publishers.billing.publish("Billing.Charge", { orderId, amountCents });
      const ms = (performance.now() - started).toFixed(1);
      log(
        `request  order-service → billing Billing.Charge ${orderId} ${amountCents}¢ ⇒ ${receipt.transactionId} (${ms} ms)`,
      );
      receipts.push(receipt);
      await publishers.events.publish("Order.Created", {
        orderId,
        amountCents,
        transactionId: receipt.transactionId,
      });
      log(`event    order-service → events.Order.Created ${orderId}`);
    } catch (error) {
      // The billing handler threw: natsflux returns its message as a RemoteError (Go would return nil).
      if (!(error instanceof RemoteError)) throw error;
      log(
        `request  order-service → billing Billing.Charge ${orderId} ${amountCents}¢ ⇒ RemoteError: ${error.remoteMessage}`,
      );
      declined.push(orderId);
      await publishers.events.publish("Order.Rejected", { orderId, reason: error.remoteMessage });
      log(`event    order-service → events.Order.Rejected ${orderId}`);
    }
  }

  await notified.all(orderIds, timeoutMs, "notifications");
  await dashboard.all(orderIds, timeoutMs, "dashboard");

  const topologies = [orderService, billing, notifications, dashboardService].map((c) => c.topology());
  return {
    receipts,
    declined,
    notified: notified.ids,
    dashboard: dashboard.ids,
    topologies,
    diagram: mermaid(topologies),
  };
}

/** The services' own warnings and errors, interleaved with the narration (debug and info are left out). */
function narrator(service: string, log: (line: string) => void): Logger {
  const write = (level: string) => (message: string, attributes?: Record<string, unknown>) => {
    const error = attributes?.error;
    log(`  [${service} ${level}] ${message}${error instanceof Error ? `: ${error.message}` : ""}`);
  };
  return { debug: () => {}, info: () => {}, warn: write("warn"), error: write("error") };
}
