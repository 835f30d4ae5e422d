import type { Publisher, Responder, Subscriber, Subscription } from "@natsflux/core";

export interface OrderPlaced {
  readonly orderId: string;
  readonly sku: string;
  readonly qty: number;
}

export type StockEvent =
  | { readonly type: "reserved"; readonly orderId: string; readonly sku: string; readonly left: number }
  | { readonly type: "short"; readonly orderId: string; readonly sku: string; readonly missing: number };

/** The transport objects the service needs: any natsflux transport provides them (memory, Core NATS). */
export interface InventoryPorts {
  readonly orders: Subscriber<OrderPlaced>;
  readonly stock: Publisher<StockEvent>;
  readonly levels: Responder<{ readonly sku: string }, number>;
}

/**
 * Reserves stock for placed orders and answers stock-level requests. It only knows the core interfaces,
 * so a unit test can hand it memory-transport objects and production Core NATS ones.
 */
export class InventoryService {
  readonly #levels: Map<string, number>;
  readonly #ports: InventoryPorts;
  readonly #subscriptions: Subscription[] = [];

  constructor(ports: InventoryPorts, initial: Record<string, number>) {
    this.#ports = ports;
    this.#levels = new Map(Object.entries(initial));
  }

  async start(): Promise<void> {
    this.#subscriptions.push(
      await this.#ports.orders.subscribe("orders.placed", async ({ payload }) => {
        const have = this.#levels.get(payload.sku) ?? 0;
        if (have < payload.qty) {
          await this.#ports.stock.publish(`stock.short.${payload.sku}`, {
            type: "short",
            orderId: payload.orderId,
            sku: payload.sku,
            missing: payload.qty - have,
          });
          return;
        }
        this.#levels.set(payload.sku, have - payload.qty);
        await this.#ports.stock.publish(`stock.reserved.${payload.sku}`, {
          type: "reserved",
          orderId: payload.orderId,
          sku: payload.sku,
          left: have - payload.qty,
        });
      }),
      await this.#ports.levels.serve("stock.level", ({ payload }) => {
        const level = this.#levels.get(payload.sku);
        if (level === undefined) throw new Error(`unknown sku ${payload.sku}`);
        return level;
      }),
    );
  }

  /** Lets running handlers finish (drain), then stops. */
  async stop(): Promise<void> {
    await Promise.all(this.#subscriptions.map((s) => s.drain()));
  }
}
