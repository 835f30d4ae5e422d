// The packaging check's "small service": written as a user would, against the installed tarballs only.
// It is type-checked under several TypeScript settings and run against a real nats-server ($NATS_URL).
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { msgpackCodec } from "@natsflux/codec-msgpack";
import { schemaCodec } from "@natsflux/codec-schema";
import { type Codec, ConfigError, NatsfluxError } from "@natsflux/core";
import { natsSubject } from "@natsflux/gomessaging";
import {
  createConnection,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  requestResponseHandler,
  servicePublisher,
} from "@natsflux/messaging";
import { initMetrics } from "@natsflux/messaging/metrics";
import { otelTelemetry } from "@natsflux/otel";
import { ensureStream, JetStreamPublisher, JetStreamSubscriber } from "@natsflux/transport-jetstream";
import { MemoryBroker } from "@natsflux/transport-memory";
import { NatsPublisher, NatsSubscriber } from "@natsflux/transport-nats";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { Registry } from "prom-client";

const url = process.env.NATS_URL ?? "";
if (url === "") throw new Error("NATS_URL is not set");
const deadline = AbortSignal.timeout(20_000);

type Order = { id: string; qty: number };
type Charge = { amountCents: number };

function within<T>(what: string, promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error(`timed out waiting for ${what}`));
    deadline.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => deadline.removeEventListener("abort", onAbort));
  });
}

// A hand-written Standard Schema, so the check needs no validation library.
const orderSchema: StandardSchemaV1<Order, Order> = {
  "~standard": {
    version: 1,
    vendor: "packaging-check",
    validate: (value) => {
      const v = value as Partial<Order>;
      return typeof v?.id === "string" && typeof v.qty === "number"
        ? { value: v as Order }
        : { issues: [{ message: "not an order" }] };
    },
  },
};

async function facade(): Promise<string> {
  const registry = new Registry();
  const billing = createConnection({ serviceName: "billing", servers: url, metrics: initMetrics(registry) });
  const orders = createConnection({ serviceName: "order-service", servers: url });
  try {
    await billing.start(
      requestResponseHandler<Charge, { txn: string }>("Billing.Charge", ({ payload }) => ({
        txn: `t-${payload.amountCents}`,
      })),
    );
    const events = new Publisher<Order>();
    const charge = new Publisher<Charge, { txn: string }>();
    let delivered!: (o: Order) => void;
    const received = new Promise<Order>((resolve) => {
      delivered = resolve;
    });
    await orders.start(
      eventStreamPublisher(events),
      servicePublisher("billing", charge),
      eventStreamConsumer<Order>("Order.Created", ({ payload }) => delivered(payload)),
    );
    const { txn } = await within(
      "the billing reply",
      charge.publish("Billing.Charge", { amountCents: 4200 }),
    );
    if (txn !== "t-4200") throw new Error(`unexpected reply ${txn}`);
    await events.publish("Order.Created", { id: "o-1", qty: 2 });
    const order = await within("the order event", received);
    if (order.id !== "o-1") throw new Error(`unexpected event ${JSON.stringify(order)}`);
    const metrics = await registry.getMetricsAsJSON();
    if (metrics.length === 0) throw new Error("initMetrics registered no metrics with prom-client");
    return `facade: request-reply (${txn}), event ${order.id} consumed, ${metrics.length} Prometheus metrics registered`;
  } finally {
    await orders.close();
    await billing.close();
  }
}

async function transports(): Promise<string> {
  const nc = await connect({ servers: url });
  try {
    await ensureStream(nc, { name: "PKGCHECK", subjects: ["pkgcheck.>"] });
    const codec: Codec<Order> = schemaCodec(msgpackCodec(), orderSchema);
    const subscriber = new JetStreamSubscriber(nc, codec);
    let got!: (o: Order) => void;
    const received = new Promise<Order>((resolve) => {
      got = resolve;
    });
    await subscriber.subscribe(
      { stream: "PKGCHECK", config: { durable: "check", filterSubject: "pkgcheck.orders" } },
      async (message) => got(message.payload),
    );
    const publisher = new JetStreamPublisher(nc, codec, { telemetry: otelTelemetry() });
    const ack = await publisher.publish("pkgcheck.orders", { id: "o-2", qty: 1 }, { msgId: "o-2" });
    const order = await within("the JetStream message", received);
    if (order.id !== "o-2") throw new Error(`unexpected message ${JSON.stringify(order)}`);

    const core = new NatsSubscriber(nc, jsonCodec<string>());
    let heard!: (s: string) => void;
    const coreReceived = new Promise<string>((resolve) => {
      heard = resolve;
    });
    await core.subscribe("pkgcheck.core", async (message) => heard(message.payload));
    await new NatsPublisher(nc, jsonCodec<string>()).publish("pkgcheck.core", "hello");
    const hello = await within("the Core NATS message", coreReceived);

    await subscriber.close();
    await core.close();
    return `transports: JetStream msgpack+schema message #${ack.seq} consumed, Core NATS "${hello}" received`;
  } finally {
    await nc.close();
  }
}

try {
  new MemoryBroker();
  natsSubject("events", "Order.Created");
  try {
    schemaCodec(jsonCodec(), {} as StandardSchemaV1<unknown, unknown>);
    throw new Error("schemaCodec accepted a non-schema");
  } catch (e) {
    if (!(e instanceof ConfigError && e instanceof NatsfluxError)) throw e;
  }
  console.log(await facade());
  console.log(await transports());
} catch (e) {
  console.error("service failed:", e);
  process.exitCode = 1;
}
