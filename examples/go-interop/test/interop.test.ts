import { fileURLToPath } from "node:url";
import { AckPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { silentLogger } from "@natsflux/messaging";
import { type NatsServer, startServer, until } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_BOUND_MS, startExample, TEST_TIMEOUT_MS } from "../../run-example.js";
import { type ShippingService, startShipping } from "../src/shipping.js";
import { goHeaders, goJson } from "./go-shaped.js";

const exampleDir = fileURLToPath(new URL("..", import.meta.url));
const decoder = new TextDecoder();
let server: NatsServer;
let go: NatsConnection; // plays the Go "order-service"
let shipping: ShippingService;
const lines: string[] = [];

beforeAll(async () => {
  server = await startServer();
  go = await connect({ servers: server.url, name: "go-order-service" });
  // Go's RequestResponseHandler("Order.Status", ...): subject order-service.request.Order.Status, no
  // queue group, a bare JSON reply; a failing handler answers {"error": "..."} and no headers.
  go.subscribe("order-service.request.Order.Status", {
    callback: (_err, msg) => {
      const request = msg.json<{ order_id: string }>();
      msg.respond(
        request.order_id === "missing"
          ? goJson({ error: "order missing not found" })
          : goJson({ order_id: request.order_id, status: "paid" }),
      );
    },
  });
  await go.flush();
  shipping = await startShipping({ servers: server.url, log: (l) => lines.push(l), logger: silentLogger });
});

afterAll(async () => {
  await shipping?.connection.close();
  await go?.close();
  await server?.[Symbol.asyncDispose]();
});

describe("TypeScript shipping ⇄ a Go-shaped order-service", () => {
  it("consumes Go's Order.Created, publishes Shipment.Scheduled as Go would, and asks Go back", async () => {
    const js = jetstream(go);
    const jsm = await jetstreamManager(go);
    // Go's EventStreamConsumer("Shipment.Scheduled") for service order-service: this durable.
    await jsm.consumers.add("events", {
      durable_name: "order-service",
      filter_subject: "events.Shipment.Scheduled",
      ack_policy: AckPolicy.Explicit,
    });

    // Go's EventStreamPublisher: a JetStream publish to events.<key>, waiting for the stream's ack.
    const ack = await js.publish("events.Order.Created", goJson({ order_id: "abc-123", amount: 42 }), {
      headers: goHeaders("order-service", "Order.Created"),
    });
    expect(ack.stream).toBe("events");

    const consumer = await js.consumers.get("events", "order-service");
    const shipment = await consumer.next({ expires: 5000 });
    expect(shipment).not.toBeNull();
    shipment?.ack();
    expect(shipment?.subject).toBe("events.Shipment.Scheduled");
    expect(JSON.parse(decoder.decode(shipment?.data))).toEqual({ order_id: "abc-123", carrier: "posten" });
    // Exactly the keys Go reads (exact case), with Go's value formats.
    const h = shipment?.headers;
    expect(h?.get("service")).toBe("shipping");
    expect(h?.get("ce-specversion")).toBe("1.0");
    expect(h?.get("ce-type")).toBe("Shipment.Scheduled");
    expect(h?.get("ce-source")).toBe("shipping");
    expect(h?.get("ce-datacontenttype")).toBe("application/json");
    expect(h?.get("ce-time")).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(h?.get("ce-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    await shipping.idle();
    expect(shipping.received).toEqual([{ order_id: "abc-123", amount: 42 }]);
    expect(shipping.statuses).toEqual([{ order_id: "abc-123", status: "paid" }]);
    expect(lines.some((l) => l.includes("from order-service"))).toBe(true);
  });

  it('answers Go\'s ServicePublisher request with a bare JSON body, and failures with {"error": ...}', async () => {
    const reply = await go.request(
      "shipping.request.Shipping.Quote",
      goJson({ order_id: "abc-123", weight_grams: 1200 }),
      { timeout: 2000, headers: goHeaders("order-service", "Shipping.Quote") },
    );
    expect(JSON.parse(decoder.decode(reply.data))).toEqual({ order_id: "abc-123", price_cents: 6900 });

    const failed = await go.request(
      "shipping.request.Shipping.Quote",
      goJson({ order_id: "abc-123", weight_grams: 0 }),
      { timeout: 2000, headers: goHeaders("order-service", "Shipping.Quote") },
    );
    // Go's caller only sees that a reply arrived; a Go reader of the body finds Go's error shape.
    expect(JSON.parse(decoder.decode(failed.data))).toEqual({ error: "weight must be positive, got 0" });
  });

  it('a Go {"error": ...} reply reaches the TypeScript caller as a RemoteError', async () => {
    const js = jetstream(go);
    await js.publish("events.Order.Created", goJson({ order_id: "missing", amount: 1 }), {
      headers: goHeaders("order-service", "Order.Created"),
    });
    await until("the second status reply", () => shipping.statuses.length >= 2, { intervalMs: 20 });
    await shipping.idle();
    expect(shipping.statuses[1]).toEqual({
      order_id: "missing",
      error: 'responder on "order-service.request.Order.Status" failed (500): order missing not found',
    });
  });
});

describe("`npm start`", () => {
  it(
    "runs shipping against NATS_URL until SIGTERM, then exits 0",
    async () => {
      const run = startExample(exampleDir, { env: { NATS_URL: server.url } });
      try {
        // The child's output is the state to watch here.
        await until("the example to say it is running", () => run.output().includes("shipping is running"), {
          timeoutMs: EXAMPLE_BOUND_MS,
          intervalMs: 50,
        });
        expect(run.output()).toContain(`shipping is running on ${server.url}`);
      } finally {
        run.terminate();
      }
      expect(await run.exited(30_000), run.output()).toBe(0);
    },
    TEST_TIMEOUT_MS + 30_000,
  );
});
