import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startServer } from "@natsflux/testing";

/** The server the example talks to, and how to let go of it afterwards. */
export interface NatsTarget {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `$NATS_URL` when set (left running afterwards); otherwise a nats-server on a random loopback port
 * with a temporary JetStream store, stopped by `close()`. Its binary is `$NATS_SERVER_BIN`, or what
 * `scripts/ensure-nats-server.sh` provides.
 */
export async function natsForExample(): Promise<NatsTarget> {
  const external = process.env.NATS_URL?.trim();
  if (external) return { url: external, close: async () => {} };
  const script = fileURLToPath(new URL("../../../scripts/ensure-nats-server.sh", import.meta.url));
  const bin =
    process.env.NATS_SERVER_BIN?.trim() ||
    execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  const server = await startServer({ bin });
  return {
    url: server.url,
    close: async () => {
      await server[Symbol.asyncDispose]();
    },
  };
}
