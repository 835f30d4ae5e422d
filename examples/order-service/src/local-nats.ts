import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startServer } from "@natsflux/testing";

/** The server the example talks to, and how to let go of it afterwards. */
export interface NatsTarget {
  readonly url: string;
  /** For the narration; never contains credentials. */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * `$NATS_URL` when set (left running afterwards). Otherwise a nats-server started through the test
 * harness on a random loopback port with a temporary JetStream store, removed again by `close()` (and by
 * the harness's reaper if the process is interrupted). The binary is `$NATS_SERVER_BIN`, or whatever
 * `scripts/ensure-nats-server.sh` provides (it builds the pinned release with Go the first time).
 */
export async function natsForExample(): Promise<NatsTarget> {
  const external = process.env.NATS_URL?.trim();
  if (external) {
    return { url: external, description: `NATS_URL (${redact(external)})`, close: async () => {} };
  }
  const server = await startServer({ bin: process.env.NATS_SERVER_BIN?.trim() || ensureServerBinary() });
  return {
    url: server.url,
    description: `a local nats-server ${server.version} at ${server.url} (NATS_URL is not set; it is stopped at the end)`,
    close: async () => {
      await server[Symbol.asyncDispose]();
    },
  };
}

function ensureServerBinary(): string {
  const script = fileURLToPath(new URL("../../../scripts/ensure-nats-server.sh", import.meta.url));
  // stdout is the binary path; the script's progress (a first Go build takes a minute or two) goes to stderr.
  return execFileSync("bash", [script], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 10 * 60 * 1000,
  }).trim();
}

/** Hides user:password@ in a URL, so credentials never reach the console. */
export function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/g, "//***@");
}
