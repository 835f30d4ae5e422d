#!/usr/bin/env node
// Install size and cold-import time of scratch apps (used by check-packaging.sh).
//   measure.mjs size <app-dir> [<label>]        total bytes of files under node_modules, biggest packages
//   measure.mjs import <raw-app> <facade-app> [runs] [max-ratio]
//       cold `import()` of the raw client (@nats-io/transport-node + @nats-io/jetstream) and of
//       @natsflux/messaging, each in a fresh node process, alternating, `runs` times; prints medians and
//       the ratio, and exits 1 when the facade's median exceeds max-ratio (default 1.5) x the raw one.
import { execFileSync } from "node:child_process";
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";

function bytesUnder(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    total += e.isDirectory() ? bytesUnder(p) : lstatSync(p).size;
  }
  return total;
}

function packagesIn(nodeModules) {
  const out = [];
  for (const e of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith(".")) continue;
    if (e.name.startsWith("@")) {
      for (const s of readdirSync(join(nodeModules, e.name), { withFileTypes: true })) {
        if (s.isDirectory()) out.push(`${e.name}/${s.name}`);
      }
    } else out.push(e.name);
  }
  return out;
}

const mb = (n) => `${(n / 1_000_000).toFixed(2)} MB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const [mode, ...args] = process.argv.slice(2);
if (mode === "size") {
  const [app, label = app] = args;
  const nm = join(app, "node_modules");
  const total = bytesUnder(nm);
  const pkgs = packagesIn(nm)
    .map((name) => ({ name, bytes: bytesUnder(join(nm, name)) }))
    .sort((a, b) => b.bytes - a.bytes);
  console.log(`${label}: ${mb(total)} in node_modules (${pkgs.length} packages)`);
  console.log(
    `  biggest: ${pkgs
      .slice(0, 6)
      .map((p) => `${p.name} ${mb(p.bytes)}`)
      .join(", ")}`,
  );
  console.log(`SIZE ${label} ${total}`);
} else if (mode === "import") {
  const [rawApp, facadeApp, runs = "9", maxRatio = "1.5"] = args;
  // Wall time and CPU time (user + system) of the import, inside a fresh process. The budget applies to
  // CPU time: on a shared machine wall time mostly measures the neighbours; on an idle one the two agree.
  const timed = (specifiers) =>
    `const t = performance.now(); const c = process.cpuUsage(); ${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join(" ")} ` +
    "const d = process.cpuUsage(c); console.log(JSON.stringify({ wall: performance.now() - t, cpu: (d.user + d.system) / 1000 }));";
  const raw = timed(["@nats-io/transport-node", "@nats-io/jetstream"]);
  const facade = timed(["@natsflux/messaging"]);
  const run = (cwd, code) =>
    JSON.parse(
      execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd, encoding: "utf8" }).trim(),
    );
  // One untimed run each warms the OS file cache, so both sides are measured alike.
  run(rawApp, raw);
  run(facadeApp, facade);
  const rawRuns = [];
  const facadeRuns = [];
  for (let i = 0; i < Number(runs); i++) {
    rawRuns.push(run(rawApp, raw));
    facadeRuns.push(run(facadeApp, facade));
  }
  const stat = (xs, k) => {
    const v = xs.map((x) => x[k]);
    return { median: median(v), min: Math.min(...v), max: Math.max(...v) };
  };
  const show = (s) => `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;
  const r = { wall: stat(rawRuns, "wall"), cpu: stat(rawRuns, "cpu") };
  const f = { wall: stat(facadeRuns, "wall"), cpu: stat(facadeRuns, "cpu") };
  const ratio = f.cpu.median / r.cpu.median;
  const wallRatio = f.wall.median / r.wall.median;
  const max = Number(maxRatio);
  console.log(
    `cold import, medians of ${runs} fresh processes each (node ${process.version}), CPU time / wall time:`,
  );
  console.log(
    `  raw client (@nats-io/transport-node + @nats-io/jetstream): ${show(r.cpu)} / ${show(r.wall)}`,
  );
  console.log(
    `  @natsflux/messaging (facade):                              ${show(f.cpu)} / ${show(f.wall)}`,
  );
  console.log(`  ratio ${ratio.toFixed(2)}x CPU (budget ${max}x), ${wallRatio.toFixed(2)}x wall`);
  console.log(
    `IMPORT ${r.cpu.median.toFixed(0)} ${f.cpu.median.toFixed(0)} ${ratio.toFixed(2)} ${r.wall.median.toFixed(0)} ${f.wall.median.toFixed(0)} ${wallRatio.toFixed(2)}`,
  );
  if (ratio > max) process.exit(1);
} else {
  console.error("usage: measure.mjs size <app> [label] | import <raw-app> <facade-app> [runs] [max-ratio]");
  process.exit(2);
}
