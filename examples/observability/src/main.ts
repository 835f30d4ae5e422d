// `npm start` in examples/observability: three services with tracing and metrics, against $NATS_URL (by
// default a local server on 4222: `docker compose up -d`; in this repository `start:local` starts a
// throwaway one). Spans are printed to the console as they end; the nats_events_* metrics are served on
// the /metrics URL printed first. Runs until Ctrl-C (or for RUN_MS milliseconds when set).
import { initMetrics } from "@natsflux/messaging/metrics";
import { Registry } from "prom-client";
import { serveMetrics } from "./metrics-endpoint.js";
import { startShop } from "./shop.js";
import { consoleTracing } from "./tracing.js";

const servers = process.env.NATS_URL ?? "nats://localhost:4222";
const tracing = consoleTracing();

// An injected registry: nothing goes to prom-client's global one. The mapper bounds the routing_key
// label (here, keys carrying an order number would become `Order.{n}.Shipped`).
const registry = new Registry();
const metrics = initMetrics(registry, { routingKeyMapper: (key) => key.replace(/\.\d+(?=\.|$)/g, ".{n}") });
const endpoint = await serveMetrics(registry, Number(process.env.PORT ?? 0));
console.log(`metrics: ${endpoint.url}`);

const shop = await startShop({ servers, tracing, metrics, log: (line) => console.log(line) });
let placed = 0;
const interval = Number(process.env.ORDER_INTERVAL_MS ?? 1000);
const timer = setInterval(() => {
  shop.placeOrder(++placed).catch((error: unknown) => console.error("publish failed:", error));
}, interval);
console.log(`placing an order every ${interval} ms; Ctrl-C to stop`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(timer);
  await shop.close();
  await endpoint.close();
  await tracing.shutdown();
  console.log(`stopped after ${placed} orders`);
}
// `on`, not `once`: a signal can arrive twice (Ctrl-C reaches every process of the group, and a runner
// such as tsx may pass it on as well); without a listener the second one would kill the process.
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
const runMs = Number(process.env.RUN_MS ?? 0);
if (runMs > 0) setTimeout(() => void stop(), runMs);
