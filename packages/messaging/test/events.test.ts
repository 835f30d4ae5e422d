import { beforeEach, describe, expect, it } from "vitest";
import {
  type ConsumableEvent,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  streamConsumer,
  streamPublisher,
  transientEventStreamConsumer,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

interface OrderCreated {
  orderId: string;
}

const ctx = useServer();
beforeEach(() => ctx.reset());

describe("event streams on a real server", () => {
  it("two services exchange events both ways", async () => {
    const toBilling = new Publisher<OrderCreated>();
    const toOrders = new Publisher<{ invoiceId: string }>();
    const atBilling: ConsumableEvent<OrderCreated>[] = [];
    const atOrders: ConsumableEvent<{ invoiceId: string }>[] = [];
    await ctx.service(
      "orders",
      eventStreamPublisher(toBilling),
      eventStreamConsumer<{ invoiceId: string }>("Invoice.Created", (e) => {
        atOrders.push(e);
      }),
    );
    await ctx.service(
      "billing",
      eventStreamPublisher(toOrders),
      eventStreamConsumer<OrderCreated>("Order.Created", (e) => {
        atBilling.push(e);
      }),
    );
    await toBilling.publish("Order.Created", { orderId: "o-1" });
    await toOrders.publish("Invoice.Created", { invoiceId: "i-1" });
    await waitFor(() => atBilling.length === 1 && atOrders.length === 1, 5000, "both events");

    const event = atBilling[0] as ConsumableEvent<OrderCreated>;
    expect(event.payload).toEqual({ orderId: "o-1" });
    expect(event.metadata.type).toBe("Order.Created");
    expect(event.metadata.source).toBe("orders");
    expect(event.metadata.specVersion).toBe("1.0");
    expect(event.metadata.dataContentType).toBe("application/json");
    expect(event.metadata.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.metadata.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(event.deliveryInfo).toMatchObject({
      destination: "billing",
      source: "events",
      key: "Order.Created",
    });
    expect(event.deliveryInfo.headers.service).toBe("orders");
    expect(atOrders[0]?.metadata.source).toBe("billing");
  });

  it("fans out to two services, each with its own durable", async () => {
    const pub = new Publisher<OrderCreated>();
    const seen: Record<string, number> = { notifications: 0, analytics: 0 };
    await ctx.service("orders", eventStreamPublisher(pub));
    for (const name of ["notifications", "analytics"]) {
      await ctx.service(
        name,
        eventStreamConsumer("Order.Created", () => {
          seen[name] = (seen[name] ?? 0) + 1;
        }),
      );
    }
    for (let i = 0; i < 5; i++) await pub.publish("Order.Created", { orderId: `o-${i}` });
    await waitFor(() => seen.notifications === 5 && seen.analytics === 5, 5000, "fan-out");
    const names = [];
    for await (const c of ctx.jsm.consumers.list("events")) names.push(c.config.durable_name);
    expect(names.sort()).toEqual(["analytics", "notifications"]);
  });

  it("isolates a custom stream and routes wildcard keys", async () => {
    const audit = new Publisher<{ entry: string }>();
    const exact: string[] = [];
    const wildcard: string[] = [];
    await ctx.service("auditor", streamPublisher("audit", audit));
    await ctx.service(
      "reader",
      streamConsumer<{ entry: string }>("audit", "Audit.*", (e) => {
        wildcard.push(e.deliveryInfo.key);
      }),
    );
    await ctx.service(
      "exact-reader",
      streamConsumer<{ entry: string }>("audit", "Audit.Entry", (e) => {
        exact.push(e.deliveryInfo.key);
      }),
    );
    await audit.publish("Audit.Entry", { entry: "a" });
    await audit.publish("Audit.Removed", { entry: "b" });
    await waitFor(() => wildcard.length === 2 && exact.length === 1, 5000, "audit deliveries");
    expect(wildcard).toEqual(["Audit.Entry", "Audit.Removed"]);
    expect(exact).toEqual(["Audit.Entry"]);
    const info = await ctx.jsm.streams.info("audit");
    expect(info.config.subjects).toEqual(["audit.>"]);
    expect(info.config.storage).toBe("file");
    expect(info.state.messages).toBe(2);
    await expect(ctx.jsm.streams.info("events")).rejects.toThrow(/not found/);
  });

  it("transient consumers are ephemeral and still receive", async () => {
    const pub = new Publisher<OrderCreated>();
    const got: string[] = [];
    await ctx.service("orders", eventStreamPublisher(pub));
    await ctx.service(
      "dashboard",
      transientEventStreamConsumer<OrderCreated>("Order.Created", (e) => {
        got.push(e.payload.orderId);
      }),
    );
    await pub.publish("Order.Created", { orderId: "t-1" });
    await waitFor(() => got.length === 1, 5000, "transient delivery");
    const consumers = [];
    for await (const c of ctx.jsm.consumers.list("events")) consumers.push(c.config);
    expect(consumers).toHaveLength(1);
    expect(consumers[0]?.durable_name).toBeUndefined();
    expect(consumers[0]?.filter_subject).toBe("events.Order.Created");
  });
});
