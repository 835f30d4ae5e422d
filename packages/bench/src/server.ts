import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { type NatsServer, startServer } from "@natsflux/testing";
import { repoRoot } from "./paths.js";

/** `$NATS_SERVER_BIN`, else whatever `scripts/ensure-nats-server.sh` provides (the pinned release). */
export function serverBinaryPath(): string {
  const fromEnv = process.env.NATS_SERVER_BIN?.trim();
  if (fromEnv) return fromEnv;
  return execFileSync("bash", [join(repoRoot, "scripts/ensure-nats-server.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

/** A private nats-server with JetStream on loopback (random ports, its own store dir, removed at the end). */
export async function startBenchServer(bin: string): Promise<NatsServer> {
  return startServer({ bin, jetstream: true });
}
