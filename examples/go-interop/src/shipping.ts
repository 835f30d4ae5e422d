import {
  type Connection,
  createConnection,
  eventStreamConsumer,
  eventStreamPublisher,
  type Logger,
  Publisher,
  requestResponseHandler,
  servicePublisher,
  withStreamDefaults,
} from "@natsflux/messaging";
import type {
  OrderCreated,
  QuoteRequest,
  QuoteResponse,
  ShipmentScheduled,
  StatusRequest,
  StatusResponse,
} from "./messages.js";

export interface ShippingOptions {
  readonly servers: string;
  readonly log?: (line: string) => void;
  readonly logger?: Logger;
  /** The Go service's name (its `NewConnection` service name). @default "order-service" */
  readonly goService?: string;
}

export interface ShippingService {
  readonly connection: Connection;
  /** Order ids received from Go, shipments published back, and Go's answers to our status requests. */
  readonly received: OrderCreated[];
  readonly statuses: Array<StatusResponse | { readonly order_id: string; readonly error: string }>;
  /** Resolves after each handled order's follow-ups (publish + status request) are done. */
  idle(): Promise<void>;
}

/**
 * The TypeScript half of the Go interop example, service "shipping". Nothing here is Go-specific: the
 * facade speaks the gomessaging conventions on the wire (stream `events`, subjects `events.<key>`, the
 * CloudEvents `ce-*` headers, requests on `<service>.request.<key>` with JSON replies).
 */
export async function startShipping(options: ShippingOptions): Promise<ShippingService> {
  const log = options.log ?? console.log;
  const goService = options.goService ?? "order-service";
  const shipments = new Publisher<ShipmentScheduled>();
  const orderStatus = new Publisher<StatusRequest, StatusResponse>();
  const received: OrderCreated[] = [];
  const statuses: ShippingService["statuses"] = [];
  let pending: Promise<void> = Promise.resolve();

  const connection = createConnection({
    serviceName: "shipping",
    servers: options.servers,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await connection.start(
    withStreamDefaults({ maxAge: 7 * 24 * 60 * 60 * 1000 }),
    eventStreamPublisher(shipments),
    servicePublisher(goService, orderStatus),
    // Durable consumer "shipping" on events.Order.Created: what Go's EventStreamConsumer would create.
    eventStreamConsumer<OrderCreated>("Order.Created", async ({ payload, metadata }) => {
      log(
        `shipping ← Order.Created ${payload.order_id} amount ${payload.amount} (from ${metadata.source}, ce-id ${metadata.id})`,
      );
      received.push(payload);
      // Ask the Go service back; its RequestResponseHandler answers with a JSON body. Done in the
      // background so the event is acknowledged now rather than after the round trip; queued before the
      // shipment is published so that idle() covers it as soon as the shipment is visible.
      pending = pending.then(async () => {
        try {
          const status = await orderStatus.publish("Order.Status", { order_id: payload.order_id });
          log(`shipping → ${goService} Order.Status ${payload.order_id} ⇒ ${status.status}`);
          statuses.push(status);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          log(`shipping → ${goService} Order.Status ${payload.order_id} failed: ${message}`);
          statuses.push({ order_id: payload.order_id, error: message });
        }
      });
      await shipments.publish("Shipment.Scheduled", { order_id: payload.order_id, carrier: "posten" });
      log(`shipping → events.Shipment.Scheduled ${payload.order_id}`);
    }),
    // Go's ServicePublisher("shipping", pub).Publish(ctx, "Shipping.Quote", req) lands here. Go discards
    // the reply body, but waits for it: answering promptly is what makes its Publish return nil.
    requestResponseHandler<QuoteRequest, QuoteResponse>("Shipping.Quote", ({ payload, metadata }) => {
      if (payload.weight_grams <= 0) throw new Error(`weight must be positive, got ${payload.weight_grams}`);
      const price = 4900 + Math.ceil(payload.weight_grams / 1000) * 1000;
      log(`shipping ← Shipping.Quote ${payload.order_id} from ${metadata.source} ⇒ ${price} cents`);
      return { order_id: payload.order_id, price_cents: price };
    }),
  );
  return { connection, received, statuses, idle: () => pending };
}
