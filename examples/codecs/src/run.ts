import { connect } from "@nats-io/transport-node";
import {
  addConsumerNameSuffix,
  createConnection,
  type DecodeError,
  type ErrorNotification,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  silentLogger,
  streamConsumer,
  streamPublisher,
  withCodec,
  withErrorHandler,
} from "@natsflux/messaging";
import {
  type CartSnapshot,
  cartSnapshotCodec,
  invoiceIssuedCodec,
  newInvoice,
  type OrderPlaced,
  orderPlacedCodec,
} from "./codecs.js";
import type { InvoiceIssued } from "./gen/invoice_pb.js";

export interface CodecsResult {
  readonly orders: OrderPlaced[];
  readonly invoices: InvoiceIssued[];
  readonly carts: CartSnapshot[];
  /** `ce-datacontenttype` of each received message, by routing key: it follows the codec. */
  readonly contentTypes: Record<string, string>;
  /** Why the malformed Order.Placed was terminated (the handler never saw it). */
  readonly rejected: string[];
  /** What the publisher said when asked to send an invalid order. */
  readonly refusedToSend: string;
}

export async function runCodecs(
  servers: string,
  log: (line: string) => void = console.log,
): Promise<CodecsResult> {
  const orders: OrderPlaced[] = [];
  const invoices: InvoiceIssued[] = [];
  const carts: CartSnapshot[] = [];
  const contentTypes: Record<string, string> = {};
  const rejected: string[] = [];
  const note = (key: string, headers: Readonly<Record<string, string>>) => {
    contentTypes[key] = headers["ce-datacontenttype"] ?? "";
  };

  const orderPub = new Publisher({ codec: orderPlacedCodec });
  const invoicePub = new Publisher({ codec: invoiceIssuedCodec });
  const cartPub = new Publisher({ codec: cartSnapshotCodec });
  await using shop = createConnection({ serviceName: "shop", servers, logger: silentLogger });
  await shop.start(
    eventStreamPublisher(orderPub),
    eventStreamPublisher(invoicePub),
    streamPublisher("carts", cartPub),
  );

  await using accounting = createConnection({ serviceName: "accounting", servers, logger: silentLogger });
  await accounting.start(
    withErrorHandler((n: ErrorNotification) => {
      const error = n.error as DecodeError;
      rejected.push(`${error.name}: ${error.message}`);
      log(`  accounting ✗ ${n.deliveryInfo.key} terminated: ${error.message}`);
    }),
    // withCodec ties the handler's payload type to the codec: `payload` is OrderPlaced, placedAt a Date.
    eventStreamConsumer(
      "Order.Placed",
      ({ payload, deliveryInfo }) => {
        note(deliveryInfo.key, deliveryInfo.headers);
        log(
          `  accounting ← Order.Placed ${payload.orderId}, ${payload.items.length} item(s), placed ${payload.placedAt.toISOString()}`,
        );
        orders.push(payload);
      },
      withCodec(orderPlacedCodec),
    ),
    // A second key of the same service on the same stream gets its own durable (accounting-invoices):
    // it also works on nats-server 2.9, which cannot put several filters on one consumer.
    eventStreamConsumer(
      "Invoice.Issued",
      ({ payload, deliveryInfo }) => {
        note(deliveryInfo.key, deliveryInfo.headers);
        log(
          `  accounting ← Invoice.Issued ${payload.invoiceId} ${payload.totalCents}¢ (protobuf ${payload.$typeName})`,
        );
        invoices.push(payload);
      },
      withCodec(invoiceIssuedCodec),
      addConsumerNameSuffix("invoices"),
    ),
    streamConsumer(
      "carts",
      "Cart.Snapshot",
      ({ payload, deliveryInfo }) => {
        note(deliveryInfo.key, deliveryInfo.headers);
        log(
          `  accounting ← Cart.Snapshot ${payload.cartId} [${payload.skus.join(",")}] fingerprint ${payload.fingerprint.length} bytes`,
        );
        carts.push(payload);
      },
      withCodec(cartSnapshotCodec),
    ),
  );

  await orderPub.publish("Order.Placed", {
    orderId: "o-1",
    items: [{ sku: "tea", qty: 2 }],
    placedAt: new Date("2026-03-05T14:30:00Z"),
  });
  log("shop → events.Order.Placed o-1 (JSON, validated by zod)");
  await invoicePub.publish("Invoice.Issued", newInvoice("o-1", 1299n));
  log("shop → events.Invoice.Issued inv-o-1 (protobuf)");
  await cartPub.publish("Cart.Snapshot", {
    cartId: "cart-9",
    skus: ["tea", "cups"],
    takenAt: new Date(),
    fingerprint: new Uint8Array([0xca, 0xfe]),
  });
  log("shop → carts.Cart.Snapshot cart-9 (msgpack)");

  // The schema also guards the sender: an order without items is refused with an EncodeError.
  const refusedToSend = await orderPub
    .publish("Order.Placed", { orderId: "o-2", items: [], placedAt: new Date() })
    .then(
      () => "sent?!",
      (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
    );
  log(`shop ✗ Order.Placed o-2 not sent: ${refusedToSend}`);

  // A producer that does not use the schema (here a raw client) cannot get a bad order to a handler:
  // the consumer's codec rejects it, the message is terminated (never redelivered) and reported.
  const raw = await connect({ servers });
  try {
    await raw.publish("events.Order.Placed", JSON.stringify({ orderId: "o-3", items: "tea" }));
    await raw.flush();
  } finally {
    await raw.close();
  }
  log("raw client → events.Order.Placed o-3 with items as a string");

  await waitUntil(() => orders.length + invoices.length + carts.length === 3 && rejected.length === 1);
  return { orders, invoices, carts, contentTypes, rejected, refusedToSend };
}

function waitUntil(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (done()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`not every message arrived within ${timeoutMs} ms`));
      }
    }, 10);
  });
}
