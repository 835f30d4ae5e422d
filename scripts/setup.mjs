#!/usr/bin/env node
// `npm run setup`: everything a fresh machine needs, whatever Node runs this file (e.g. a system Node 20):
//   1. the pinned Node 24 (NATSFLUX_NODE=22: the pinned 22), fetched from the npm registry by
//      scripts/ensure-node.sh into ~/.cache/natsflux/node (`pnpm test` uses it when your Node is below 22);
//   2. pnpm, the version pinned in package.json, when it is missing;
//   3. the workspace dependencies, installed by pnpm running on that Node.
import { execFileSync, execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
const version = pinned.split("@")[1];

function works(command, env = process.env) {
  try {
    execSync(command, { stdio: "ignore", env });
    return true;
  } catch {
    return false;
  }
}

// 1. Node. A failed fetch stops setup: installing under an unsupported Node would only fail later.
const line = process.env.NATSFLUX_NODE ?? "24";
let nodeBin;
try {
  nodeBin = execFileSync("bash", [join(root, "scripts/ensure-node.sh"), line], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
} catch {
  console.error(`setup: could not fetch the pinned Node ${line} (see above)`);
  process.exit(1);
}
const env = { ...process.env, PATH: `${nodeBin}:${process.env.PATH ?? ""}` };
const node = execFileSync(join(nodeBin, "node"), ["--version"], { encoding: "utf8" }).trim();
console.log(`setup: Node ${node} at ${nodeBin} (this shell's Node is ${process.version})`);

// 2. pnpm.
if (!works("pnpm --version", env)) {
  console.log(`setup: installing pnpm ${version}`);
  const installed =
    works(`npm install --global pnpm@${version}`, env) ||
    works(`corepack enable pnpm && corepack prepare pnpm@${version} --activate`, env);
  if (!installed || !works("pnpm --version", env)) {
    console.error(
      `setup: could not install pnpm ${version}. Install it yourself (npm i -g pnpm@${version}) and rerun.`,
    );
    process.exit(1);
  }
}

// 3. The workspace, with pnpm (a Node script) running on the pinned Node.
console.log(`setup: pnpm install on Node ${node}`);
const frozen = process.env.CI ? " --frozen-lockfile" : "";
execSync(`pnpm install${frozen}`, { cwd: root, env, stdio: "inherit" });

// pnpm runs no dependency build scripts (pnpm-workspace.yaml lists the ones it skips). The only one
// with a runtime effect is msgpackr-extract's, which compiles msgpackr's native string decoder when no
// prebuilt binary fits the platform; prebuilt ones (Linux, macOS, Windows on x64/arm64) load without it.
const probe = "import('msgpackr').then((m) => console.log(m.isNativeAccelerationEnabled ? 'on' : 'off'))";
const native = execFileSync(join(nodeBin, "node"), ["--input-type=module", "-e", probe], {
  cwd: join(root, "packages/codec-msgpack"),
  encoding: "utf8",
}).trim();
console.log(
  native === "on"
    ? "setup: msgpackr native decoding is on (prebuilt msgpackr-extract; its skipped install script costs nothing)"
    : "setup: msgpackr native decoding is off (no prebuilt msgpackr-extract for this platform): " +
        "@natsflux/codec-msgpack works, but decodes string-heavy messages about 2x slower. " +
        "To compile it: `pnpm approve-builds` (pick msgpackr-extract), then `pnpm rebuild msgpackr-extract`.",
);
console.log("setup: done. Run `pnpm test`.");
