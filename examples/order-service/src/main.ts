// `pnpm quickstart`: the order-service example end to end, then exit 0 (1 on any failure).
import { runOrderFlow } from "./flow.js";
import { natsForExample } from "./local-nats.js";

// Everything below is bounded, but a leaked handle must never leave the quick start hanging.
const watchdog = setTimeout(() => {
  console.error("quickstart: still running after 120 s, giving up");
  process.exit(1);
}, 120_000);
watchdog.unref();

console.log("natsflux quick start: the order-service example\n");
const nats = await natsForExample();
console.log(`NATS: ${nats.description}\n`);
try {
  const result = await runOrderFlow({ servers: nats.url });
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
} finally {
  await nats.close();
}
