// The order-service example end to end, then exit 0 (1 on any failure), against $NATS_URL (by default a
// local server on 4222: `docker compose up -d`). `pnpm quickstart` runs it with a throwaway server.
import { runOrderFlow } from "./flow.js";
import { redact } from "./redact.js";

// Everything below is bounded, but a leaked handle must never leave the quick start hanging.
const watchdog = setTimeout(() => {
  console.error("quickstart: still running after 120 s, giving up");
  process.exit(1);
}, 120_000);
watchdog.unref();

console.log("natsflux quick start: the order-service example\n");
const servers = process.env.NATS_URL ?? "nats://localhost:4222";
console.log(`NATS: ${redact(servers)}\n`);
try {
  const result = await runOrderFlow({ servers });
  console.log(
    `\n${result.receipts.length} orders charged, ${result.declined.length} declined; ` +
      `notifications saw ${result.notified.length} events, dashboard ${result.dashboard.length}.`,
  );
  console.log("\nTopology (paste into https://mermaid.live or a ```mermaid block):\n");
  console.log(result.diagram);
  console.log("\nServices closed (in-flight handlers finished, connections drained).");
} catch (error) {
  console.error("\nquickstart failed:", error);
  process.exitCode = 1;
}
