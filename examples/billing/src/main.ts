// `pnpm --filter @natsflux/example-billing start`: against $NATS_URL, or a throwaway local server.
import { startServer } from "@natsflux/testing";
import { runBilling } from "./run.js";

const server = process.env.NATS_URL ? undefined : await startServer();
try {
  await runBilling(process.env.NATS_URL ?? (server?.url as string));
} finally {
  await server?.[Symbol.asyncDispose]();
}
