#!/usr/bin/env node
// `pnpm test`: runs every test project with vitest on a supported Node, against a real nats-server.
// Extra arguments go to vitest (e.g. `pnpm test packages/core`).
//
// Node: the current one when it is 22 or newer; below 22 (e.g. a system Node 20), the pinned Node 24 that
// scripts/ensure-node.sh fetches into ~/.cache/natsflux. NATSFLUX_NODE=22 or 24 asks for that line.
// The chosen Node goes first on PATH, so everything the tests spawn (`node`, the TCK adapter) runs on it.
import { execFileSync, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env };
const major = Number(process.versions.node.split(".")[0]);
const wanted = env.NATSFLUX_NODE;
const minimum = 22;

if (wanted !== undefined && wanted !== "24" && wanted !== "22") {
  console.error(`test: NATSFLUX_NODE=${wanted} is not a supported Node line (24 or 22)`);
  process.exit(2);
}
const switchNode = wanted ? major !== Number(wanted) : major < minimum;
if (switchNode) {
  const line = wanted ?? "24";
  const why = wanted ? `NATSFLUX_NODE=${wanted}` : `Node ${process.version} is below ${minimum}`;
  console.log(`test: ${why}; switching to the pinned Node ${line}`);
  const bin = execFileSync("bash", [join(root, "scripts/ensure-node.sh"), line], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  env.PATH = `${bin}:${env.PATH ?? ""}`;
  const result = spawnSync(join(bin, "node"), [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  process.exit(result.status ?? 1);
}

if (!env.NATS_URL || !env.NATS_SERVER_BIN) {
  const bin = execFileSync("bash", [join(root, "scripts/ensure-nats-server.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  env.NATS_SERVER_BIN = bin;
}

console.log(`test: vitest on Node ${process.version} (${process.execPath})`);
const vitest = join(root, "node_modules/vitest/vitest.mjs");
const result = spawnSync(process.execPath, [vitest, "run", ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
