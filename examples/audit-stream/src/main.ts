// `pnpm --filter @natsflux/example-audit-stream start`: against $NATS_URL, or a throwaway local server.
import { startServer } from "@natsflux/testing";
import { runAuditStream } from "./audit.js";

const server = process.env.NATS_URL ? undefined : await startServer();
try {
  await runAuditStream(process.env.NATS_URL ?? (server?.url as string));
} finally {
  await server?.[Symbol.asyncDispose]();
}
