// `pnpm --filter @natsflux/example-codecs start`: against $NATS_URL, or a throwaway local server.
import { startServer } from "@natsflux/testing";
import { runCodecs } from "./run.js";

const server = process.env.NATS_URL ? undefined : await startServer();
try {
  await runCodecs(process.env.NATS_URL ?? (server?.url as string));
} finally {
  await server?.[Symbol.asyncDispose]();
}
