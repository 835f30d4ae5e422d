// The same service, unchanged, on Core NATS: the example's production wiring runs against a real server.
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { startServer } from "@natsflux/testing";
import { NatsPublisher, NatsRequester } from "@natsflux/transport-nats";
import { expect, it } from "vitest";
import { itRunsAgainstNatsUrl } from "../../start-test.js";
import type { OrderPlaced } from "../src/inventory.js";
import { inventoryOnNats } from "../src/on-nats.js";

it("reserves stock on Core NATS exactly as on the memory transport", async () => {
  await using server = await startServer();
  const nc = await connect({ servers: server.url });
  try {
    const inventory = inventoryOnNats(nc, { tea: 3 });
    await inventory.start();
    const reserved = nc.subscribe("stock.>", { max: 1, timeout: 5000 });
    await new NatsPublisher(nc, jsonCodec<OrderPlaced>()).publish("orders.placed", {
      orderId: "o-1",
      sku: "tea",
      qty: 2,
    });
    const seen: unknown[] = [];
    for await (const m of reserved) seen.push(m.json());
    expect(seen).toEqual([{ type: "reserved", orderId: "o-1", sku: "tea", left: 1 }]);
    const requester = new NatsRequester(nc, jsonCodec<{ sku: string }>(), jsonCodec<number>());
    expect(await requester.request("stock.level", { sku: "tea" })).toBe(1);
    await inventory.stop();
  } finally {
    await nc.close();
  }
});

itRunsAgainstNatsUrl(import.meta.url, startServer, "stock.level tea ⇒ 3");
