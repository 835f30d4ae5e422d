// A unit test with no server: the memory transport delivers asynchronously, matches subjects and runs
// codecs like NATS, so what passes here behaves the same on Core NATS.
import { jsonCodec } from "@natsflux/codec-json";
import { RemoteError } from "@natsflux/core";
import {
  MemoryBroker,
  MemoryPublisher,
  MemoryRequester,
  MemoryResponder,
  MemorySubscriber,
} from "@natsflux/transport-memory";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InventoryService, type OrderPlaced, type StockEvent } from "../src/inventory.js";

describe("InventoryService (memory transport)", () => {
  let broker: MemoryBroker;
  let inventory: InventoryService;
  let events: StockEvent[];

  beforeEach(async () => {
    broker = new MemoryBroker();
    inventory = new InventoryService(
      {
        orders: new MemorySubscriber(broker, jsonCodec<OrderPlaced>()),
        stock: new MemoryPublisher(broker, jsonCodec<StockEvent>()),
        levels: new MemoryResponder(broker, jsonCodec<{ sku: string }>(), jsonCodec<number>()),
      },
      { tea: 3 },
    );
    await inventory.start();
    events = [];
    await new MemorySubscriber(broker, jsonCodec<StockEvent>()).subscribe("stock.>", (m) => {
      events.push(m.payload);
    });
  });

  afterEach(async () => {
    await inventory.stop();
  });

  const placeOrder = (order: OrderPlaced) =>
    new MemoryPublisher(broker, jsonCodec<OrderPlaced>()).publish("orders.placed", order);

  const settle = async () => {
    // Delivery is asynchronous (never inside publish); a few macrotask turns let the chain complete.
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  };

  it("reserves stock and reports the new level", async () => {
    await placeOrder({ orderId: "o-1", sku: "tea", qty: 2 });
    await settle();
    expect(events).toEqual([{ type: "reserved", orderId: "o-1", sku: "tea", left: 1 }]);
    const requester = new MemoryRequester(broker, jsonCodec<{ sku: string }>(), jsonCodec<number>());
    expect(await requester.request("stock.level", { sku: "tea" })).toBe(1);
  });

  it("reports a shortage instead of reserving", async () => {
    await placeOrder({ orderId: "o-2", sku: "tea", qty: 5 });
    await settle();
    expect(events).toEqual([{ type: "short", orderId: "o-2", sku: "tea", missing: 2 }]);
  });

  it("a failing request handler reaches the caller as RemoteError", async () => {
    const requester = new MemoryRequester(broker, jsonCodec<{ sku: string }>(), jsonCodec<number>());
    const error = await requester.request("stock.level", { sku: "coffee" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).remoteMessage).toBe("unknown sku coffee");
  });

  it("stops cleanly: nothing stays subscribed", async () => {
    await inventory.stop();
    expect(broker.interest("orders.placed")).toBe(0);
  });
});
