// The TypeScript side of the Go interop example: runs the "shipping" service until Ctrl-C.
// Start NATS (docker compose up -d), then this (NATS_URL, by default nats://localhost:4222, must be the
// server the Go service uses), then the Go program (see README.md).
import { startShipping } from "./shipping.js";

const servers = process.env.NATS_URL ?? "nats://localhost:4222";
const shipping = await startShipping({ servers });
console.log(`shipping is running on ${servers}; start the Go order-service now. Ctrl-C to stop.`);
// `on`, not `once`: a signal can arrive twice (Ctrl-C reaches every process of the group, and a runner
// such as tsx may pass it on as well); without a listener the second one would kill the process.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    shipping
      .idle()
      .then(() => shipping.connection.close())
      .catch((error: unknown) => {
        console.error("shipping did not stop cleanly:", error);
        process.exitCode = 1;
      });
  });
}
