#!/usr/bin/env node
// `pnpm test`: makes sure a nats-server binary is available, then runs every test project with vitest.
// Extra arguments go to vitest (e.g. `pnpm test packages/core`).
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env };

if (!env.NATS_URL || !env.NATS_SERVER_BIN) {
  const bin = execFileSync("bash", [join(root, "scripts/ensure-nats-server.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  env.NATS_SERVER_BIN = bin;
}

const vitest = join(root, "node_modules/.bin/vitest");
const result = spawnSync(vitest, ["run", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
