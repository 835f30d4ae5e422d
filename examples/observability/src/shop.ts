import {
  type Connection,
  createConnection,
  eventStreamConsumer,
  eventStreamPublisher,
  type MetricsRecorder,
  Publisher,
  requestResponseHandler,
  servicePublisher,
  silentLogger,
  withPropagator,
  withTracing,
} from "@natsflux/messaging";
import { trace } from "@opentelemetry/api";
import type { Tracing } from "./tracing.js";

export interface OrderCreated {
  readonly orderId: string;
  readonly cents: number;
}
interface Charge {
  readonly orderId: string;
  readonly cents: number;
}
interface Receipt {
  readonly receiptId: string;
}

export interface Shop {
  /** Publishes `Order.Created` from the orders service. */
  placeOrder(n: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Three services on one NATS: `orders` publishes `Order.Created`; `billing` consumes it and asks
 * `payments` to charge the order (request-reply); `payments` declines every seventh amount. The first
 * delivery of every fourth order fails in billing, so it is naked and redelivered. One trace covers the
 * publish, billing's handling, its own span, the request and the payment.
 */
export async function startShop(options: {
  servers: string;
  tracing: Tracing;
  metrics: MetricsRecorder;
  log: (line: string) => void;
}): Promise<Shop> {
  const { servers, tracing, metrics, log } = options;
  const connections: Connection[] = [];
  // Tracing as connection options...
  const connect = (serviceName: string) => {
    const conn = createConnection({
      serviceName,
      servers,
      metrics,
      logger: silentLogger,
      tracerProvider: tracing.tracerProvider,
      propagator: tracing.propagator,
    });
    connections.push(conn);
    return conn;
  };

  await connect("payments").start(
    requestResponseHandler<Charge, Receipt>("Charge", ({ payload }) => {
      if (payload.cents % 7 === 0) throw new Error(`card declined for ${payload.orderId}`);
      return { receiptId: `r-${payload.orderId}` };
    }),
  );

  const charge = new Publisher<Charge, Receipt>();
  const failedOnce = new Set<string>();
  const tracer = tracing.tracerProvider.getTracer("example-billing");
  const billing = createConnection({ serviceName: "billing", servers, metrics, logger: silentLogger });
  connections.push(billing);
  // ...or as setups: the same effect.
  await billing.start(
    withTracing(tracing.tracerProvider),
    withPropagator(tracing.propagator),
    servicePublisher("payments", charge),
    eventStreamConsumer<OrderCreated>("Order.Created", async ({ payload }) => {
      const n = Number(payload.orderId.slice(2));
      if (n % 4 === 0 && !failedOnce.has(payload.orderId)) {
        failedOnce.add(payload.orderId);
        throw new Error(`stock service busy for ${payload.orderId}`);
      }
      // The handler runs inside billing's consumer span: this span and the request nest under it.
      await tracer.startActiveSpan("reserve stock", async (span) => {
        span.setAttribute("order.id", payload.orderId);
        span.end();
      });
      try {
        const receipt = await charge.publish("Charge", payload);
        log(`billing: ${payload.orderId} charged, receipt ${receipt.receiptId}`);
      } catch (error) {
        log(`billing: ${payload.orderId} not charged: ${(error as Error).message}`);
      }
      log(`billing: trace ${trace.getActiveSpan()?.spanContext().traceId}`);
    }),
  );

  const orders = new Publisher<OrderCreated>();
  await connect("orders").start(eventStreamPublisher(orders));

  return {
    placeOrder: (n) => orders.publish("Order.Created", { orderId: `o-${n}`, cents: 1000 + n }),
    async close() {
      for (const conn of connections.reverse()) await conn.close();
    },
  };
}
