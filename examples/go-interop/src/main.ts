// The TypeScript side of the Go interop example: runs the "shipping" service until Ctrl-C.
// Start NATS (docker compose up -d), then this with NATS_URL set, then the Go program (see README.md).
import { startShipping } from "./shipping.js";

const servers = process.env.NATS_URL;
if (!servers) {
  console.error("Set NATS_URL to the server the Go service uses, e.g. NATS_URL=nats://127.0.0.1:4222");
  process.exit(2);
}
const shipping = await startShipping({ servers });
console.log(`shipping is running on ${servers}; start the Go order-service now. Ctrl-C to stop.`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void shipping.idle().then(() => shipping.connection.close());
  });
}
