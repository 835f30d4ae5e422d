import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { NatsPublisher, NatsResponder, NatsSubscriber } from "@natsflux/transport-nats";
import { InventoryService, type OrderPlaced, type StockEvent } from "./inventory.js";

/** Production wiring: the same service on Core NATS. */
export function inventoryOnNats(nc: NatsConnection, initial: Record<string, number>): InventoryService {
  return new InventoryService(
    {
      orders: new NatsSubscriber(nc, jsonCodec<OrderPlaced>()),
      stock: new NatsPublisher(nc, jsonCodec<StockEvent>()),
      levels: new NatsResponder(nc, jsonCodec<{ sku: string }>(), jsonCodec<number>()),
    },
    initial,
  );
}
