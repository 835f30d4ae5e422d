// `npm start` (or `pnpm --filter @natsflux/example-memory-testing start`): the inventory service on real
// NATS: $NATS_URL, by default a local server on 4222 (`docker compose up -d`); in this repository,
// `start:local` starts a throwaway server instead. Its unit test (test/inventory.test.ts) needs no server.
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { NatsPublisher, NatsRequester } from "@natsflux/transport-nats";
import type { OrderPlaced } from "./inventory.js";
import { inventoryOnNats } from "./on-nats.js";

const nc = await connect({ servers: process.env.NATS_URL ?? "nats://localhost:4222" });
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
}
