// `pnpm --filter @natsflux/example-memory-testing start`: the inventory service on real NATS
// ($NATS_URL, or a throwaway local server). Its unit test (test/inventory.test.ts) needs no server.
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { startServer } from "@natsflux/testing";
import { NatsPublisher, NatsRequester } from "@natsflux/transport-nats";
import type { OrderPlaced } from "./inventory.js";
import { inventoryOnNats } from "./on-nats.js";

const server = process.env.NATS_URL ? undefined : await startServer();
const nc = await connect({ servers: process.env.NATS_URL ?? (server?.url as string) });
try {
  const inventory = inventoryOnNats(nc, { tea: 5 });
  await inventory.start();
  const reserved = nc.subscribe("stock.>", { max: 1 });
  await new NatsPublisher(nc, jsonCodec<OrderPlaced>()).publish("orders.placed", {
    orderId: "o-1",
    sku: "tea",
    qty: 2,
  });
  for await (const m of reserved) console.log(`${m.subject} ${m.string()}`);
  const level = await new NatsRequester(nc, jsonCodec<{ sku: string }>(), jsonCodec<number>()).request(
    "stock.level",
    {
      sku: "tea",
    },
  );
  console.log(`stock.level tea ⇒ ${level}`);
  await inventory.stop();
} finally {
  await nc.drain();
  await server?.[Symbol.asyncDispose]();
}
