import { randomUUID } from "node:crypto";
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import {
  createConnection,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  silentLogger,
} from "@natsflux/messaging";
import type { Measurement } from "../results.js";
import { deferred, withDeadline } from "../util/async.js";
import { Stopwatch } from "../util/stopwatch.js";
import type { BenchContext, OpenSuite, Suite, Workload } from "../workload.js";

/** The typed event both sides send (about 110 bytes of JSON). */
interface OrderCreated {
  readonly orderId: number;
  readonly sku: string;
  readonly quantity: number;
  readonly priceCents: number;
  readonly customer: string;
}

const stream = "events";
const routingKey = "Order.Created";
const subject = `${stream}.${routingKey}`;
const publisherService = "bench-orders";

const orderOf = (i: number): OrderCreated => ({
  orderId: i,
  sku: "SKU-0012345",
  quantity: 3,
  priceCents: 129_900,
  customer: "customer-00042",
});

/** What a hand-written consumer reads from the CloudEvents headers before calling its handler. */
interface HandMetadata {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly time: string;
  readonly specVersion: string;
  readonly dataContentType: string;
}

/**
 * The facade end to end: `Publisher.publish()` of a typed event through `eventStreamPublisher` to an
 * `eventStreamConsumer` handler, against the raw client doing the same by hand (the Go transport's
 * CloudEvents header set, JSON encode, js.publish; consume, read the headers, JSON decode, handler, ack).
 * Both sides keep `pipelineWindow` publishes in flight and are timed until the handler has every event.
 */
export const facadeSuite: Suite = {
  name: "Facade end to end",
  ids: () => ["facade-end-to-end"],
  async open({ server, plan }: BenchContext): Promise<OpenSuite> {
    const pubNc = await connect({ servers: server.url });
    const subNc = await connect({ servers: server.url });
    const js = jetstream(pubNc);
    const jsm = await jetstreamManager(pubNc);
    // The facade's publisher service creates the stream exactly as the Go transport configures it; the raw
    // side then uses that same stream.
    const publisher = new Publisher<OrderCreated>();
    const service = createConnection({
      serviceName: publisherService,
      connection: pubNc,
      logger: silentLogger,
    });
    await service.start(eventStreamPublisher(publisher));
    const count = plan.facadeEvents;
    const window = plan.pipelineWindow;
    let serial = 0;
    const workloads: Workload[] = [
      {
        id: "facade-end-to-end",
        label: "Facade end to end",
        group: "Facade end to end",
        title: "typed event publish → eventStreamConsumer handler (CloudEvents headers, JSON, ack)",
        unit: "msgs/s",
        count,
        payloadBytes: new TextEncoder().encode(JSON.stringify(orderOf(count))).length,
        target: 0.8,
        raw: {
          how: `by hand: CloudEvents headers + JSON + js.publish (window ${window}) → consume({ callback }), headers + JSON.parse, ack`,
          run: () => rawEndToEnd(js, jsm, subNc, `bench-raw-${++serial}`, count, window),
        },
        natsflux: {
          how: `Publisher.publish() (window ${window}) → eventStreamConsumer handler`,
          run: () => facadeEndToEnd(publisher, subNc, `bench-flux-${++serial}`, count, window),
        },
        after: async () => {
          for await (const consumer of jsm.consumers.list(stream)) {
            await jsm.consumers.delete(stream, consumer.name);
          }
          await jsm.streams.purge(stream);
        },
      },
    ];
    return {
      workloads,
      async close() {
        await service.close();
        await jsm.streams.delete(stream).catch(() => false);
        await pubNc.close();
        await subNc.close();
      },
    };
  },
};

const deadlineFor = (count: number) => 30_000 + count / 5;

async function publishAll(
  count: number,
  window: number,
  publish: (event: OrderCreated) => Promise<unknown>,
): Promise<void> {
  let pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    pending.push(publish(orderOf(i)));
    if (pending.length === window) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
}

async function facadeEndToEnd(
  publisher: Publisher<OrderCreated>,
  subNc: NatsConnection,
  serviceName: string,
  count: number,
  window: number,
): Promise<Measurement> {
  let received = 0;
  let checksum = 0;
  const done = deferred();
  const consumer = createConnection({ serviceName, connection: subNc, logger: silentLogger });
  await consumer.start(
    eventStreamConsumer<OrderCreated>(routingKey, (event) => {
      checksum += event.payload.orderId + (event.metadata.type === routingKey ? 0 : Number.NaN);
      if (++received === count) done.resolve();
    }),
  );
  try {
    const watch = new Stopwatch();
    await publishAll(count, window, (event) => publisher.publish(routingKey, event));
    await withDeadline(done.promise, deadlineFor(count), "facade end to end");
    await subNc.flush();
    const measured = watch.stop(count);
    if (checksum !== (count * (count - 1)) / 2) throw new Error("facade end to end: wrong events");
    return measured;
  } finally {
    await consumer.close();
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Go's `ce-time`: RFC 3339 in UTC, second precision. */
const ceTime = () => `${new Date().toISOString().slice(0, 19)}Z`;

async function rawEndToEnd(
  js: JetStreamClient,
  jsm: JetStreamManager,
  subNc: NatsConnection,
  durable: string,
  count: number,
  window: number,
): Promise<Measurement> {
  let received = 0;
  let checksum = 0;
  const done = deferred();
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: subject,
  });
  const handler = (event: { metadata: HandMetadata; payload: OrderCreated }) => {
    checksum += event.payload.orderId + (event.metadata.type === routingKey ? 0 : Number.NaN);
    if (++received === count) done.resolve();
  };
  const consumer = await jetstream(subNc).consumers.get(stream, durable);
  const messages = await consumer.consume({
    callback: (m) => {
      const h = m.headers;
      const metadata: HandMetadata = {
        id: h?.get("ce-id") ?? "",
        type: h?.get("ce-type") ?? "",
        source: h?.get("ce-source") ?? "",
        time: h?.get("ce-time") ?? "",
        specVersion: h?.get("ce-specversion") ?? "",
        dataContentType: h?.get("ce-datacontenttype") ?? "",
      };
      const payload = JSON.parse(decoder.decode(m.data)) as OrderCreated;
      handler({ metadata, payload });
      m.ack();
    },
  });
  try {
    const watch = new Stopwatch();
    await publishAll(count, window, (event) => {
      const h = natsHeaders();
      h.set("service", publisherService);
      h.set("ce-specversion", "1.0");
      h.set("ce-type", routingKey);
      h.set("ce-source", publisherService);
      h.set("ce-datacontenttype", "application/json");
      h.set("ce-time", ceTime());
      h.set("ce-id", randomUUID());
      return js.publish(subject, encoder.encode(JSON.stringify(event)), { headers: h });
    });
    await withDeadline(done.promise, deadlineFor(count), "raw end to end");
    await subNc.flush();
    const measured = watch.stop(count);
    if (checksum !== (count * (count - 1)) / 2) throw new Error("raw end to end: wrong events");
    return measured;
  } finally {
    await messages.close();
  }
}
