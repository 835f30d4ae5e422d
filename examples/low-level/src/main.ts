// `pnpm --filter @natsflux/example-low-level start`: against $NATS_URL, or a throwaway local server.
import { startServer } from "@natsflux/testing";
import { runLowLevel } from "./run.js";

const server = process.env.NATS_URL ? undefined : await startServer();
try {
  await runLowLevel(process.env.NATS_URL ?? (server?.url as string));
} finally {
  await server?.[Symbol.asyncDispose]();
}
