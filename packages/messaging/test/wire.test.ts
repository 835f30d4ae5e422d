import { randomUUID } from "node:crypto";
import { jetstream } from "@nats-io/jetstream";
import { type Msg, headers as natsHeaders } from "@nats-io/nats-core";
import { beforeEach, describe, expect, it } from "vitest";
import { type ConsumableEvent, eventStreamConsumer, eventStreamPublisher, Publisher } from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

const ctx = useServer();
beforeEach(() => ctx.reset());

function headersOf(msg: Msg): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, values] of msg.headers ?? []) out[key] = values[0] ?? "";
  return out;
}

describe("wire compatibility with go-messaging-nats", () => {
  it("publishes exactly the Go header set, subject and JSON body", async () => {
    const pub = new Publisher<{ orderId: string }>();
    await ctx.service("orders", eventStreamPublisher(pub));
    const captured: Msg[] = [];
    const sub = ctx.raw.subscribe("events.>", {
      callback: (_e, m) => {
        captured.push(m);
      },
    });
    await ctx.raw.flush();
    await pub.publish("Order.Created", { orderId: "abc" }, { headers: { "x-priority": "high" } });
    await waitFor(() => captured.length === 1);
    sub.unsubscribe();

    const msg = captured[0] as Msg;
    expect(msg.subject).toBe("events.Order.Created");
    expect(JSON.parse(new TextDecoder().decode(msg.data))).toEqual({ orderId: "abc" });
    const h = headersOf(msg);
    expect(Object.keys(h).sort()).toEqual(
      [
        "service",
        "x-priority",
        "ce-specversion",
        "ce-type",
        "ce-source",
        "ce-datacontenttype",
        "ce-time",
        "ce-id",
      ].sort(),
    );
    expect(h).toMatchObject({
      service: "orders",
      "x-priority": "high",
      "ce-specversion": "1.0",
      "ce-type": "Order.Created",
      "ce-source": "orders",
      "ce-datacontenttype": "application/json",
    });
    expect(h["ce-time"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(h["ce-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // No JetStream de-duplication id: Go sets none, and Go consumers would see it in their headers.
    expect(h["Nats-Msg-Id"]).toBeUndefined();
  });

  it("rejects the reserved service header and empty keys before sending", async () => {
    const pub = new Publisher<{ n: number }>();
    await ctx.service("orders", eventStreamPublisher(pub));
    await expect(pub.publish("Order.Created", { n: 1 }, { headers: { service: "evil" } })).rejects.toThrow(
      "reserved key service used, please change to use another one",
    );
    await expect(pub.publish("Order.Created", { n: 1 }, { headers: { "": "x" } })).rejects.toThrow(
      "empty key not allowed",
    );
    const info = await ctx.jsm.streams.info("events");
    expect(info.state.messages).toBe(0);
  });

  it("consumes a raw publish shaped exactly like a Go publish, with its metadata", async () => {
    const got: ConsumableEvent<{ orderId: string }>[] = [];
    await ctx.service(
      "notifications",
      eventStreamConsumer<{ orderId: string }>("Order.Created", (e) => {
        got.push(e);
      }),
    );
    const id = randomUUID();
    const h = natsHeaders();
    h.set("service", "orders");
    h.set("ce-specversion", "1.0");
    h.set("ce-type", "Order.Created");
    h.set("ce-source", "orders");
    h.set("ce-datacontenttype", "application/json");
    h.set("ce-time", "2026-03-05T14:30:00Z");
    h.set("ce-id", id);
    h.set("ce-correlationid", "corr-1");
    h.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    await jetstream(ctx.raw).publish("events.Order.Created", JSON.stringify({ orderId: "go-1" }), {
      headers: h,
    });
    await waitFor(() => got.length === 1);
    const event = got[0] as ConsumableEvent<{ orderId: string }>;
    expect(event.payload).toEqual({ orderId: "go-1" });
    expect(event.metadata).toEqual({
      id,
      correlationId: "corr-1",
      timestamp: "2026-03-05T14:30:00Z",
      source: "orders",
      type: "Order.Created",
      subject: "",
      dataContentType: "application/json",
      specVersion: "1.0",
    });
    expect(event.deliveryInfo.headers.traceparent).toBe(
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    );
  });

  it("enriches legacy messages without CloudEvents headers instead of dropping them", async () => {
    const got: ConsumableEvent<{ legacy: boolean }>[] = [];
    await ctx.service(
      "reader",
      eventStreamConsumer<{ legacy: boolean }>("Legacy.Event", (e) => {
        got.push(e);
      }),
    );
    await jetstream(ctx.raw).publish("events.Legacy.Event", JSON.stringify({ legacy: true }));
    await waitFor(() => got.length === 1);
    const { metadata } = got[0] as ConsumableEvent<{ legacy: boolean }>;
    expect(metadata.type).toBe("Legacy.Event");
    expect(metadata.source).toBe("events");
    expect(metadata.specVersion).toBe("1.0");
    expect(metadata.dataContentType).toBe("application/json");
    expect(metadata.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(metadata.timestamp).toMatch(/Z$/);
  });
});
