#!/usr/bin/env node
// Enforces the package layering (dependencies point down only) and forbids import cycles.
//
// Layers, lowest first. A package may import workspace packages of a strictly lower layer only.
// Private tooling (testing, bench, tck-adapter, examples) sits above everything and may import anything,
// other tooling included.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const LAYERS = [
  { name: "core", match: (n) => n === "@natsflux/core" },
  { name: "codecs", match: (n) => n.startsWith("@natsflux/codec-") },
  // Telemetry adapters implement core's hooks; like the transports, they never import each other.
  { name: "transports", match: (n) => n.startsWith("@natsflux/transport-") || n === "@natsflux/otel" },
  { name: "spec", match: (n) => n === "@natsflux/spec" },
  { name: "facade", match: (n) => n === "@natsflux/messaging" },
];
const TOOLING = LAYERS.length;

// Edges allowed within one layer, as "importer -> imported". JetStream is layered on Core NATS (as in nats.js):
// it uses transport-nats's NATS adapter. No other transport imports another.
export const ALLOWED_EDGES = new Set(["@natsflux/transport-jetstream -> @natsflux/transport-nats"]);

export function layerOf(pkg) {
  const index = LAYERS.findIndex((layer) => layer.match(pkg.name));
  if (index >= 0) return index;
  if (pkg.private) return TOOLING;
  return -1;
}

const importPattern =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\s+from\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

export function importsOf(source) {
  const specs = [];
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  for (const match of code.matchAll(importPattern)) specs.push(match[1] ?? match[2]);
  return specs;
}

function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(m?ts|tsx)$/.test(entry) && !entry.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function workspacePackages(root) {
  const pkgs = [];
  for (const parent of ["packages", "examples"]) {
    const dir = join(root, parent);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir)) {
      const manifest = join(dir, entry, "package.json");
      if (!existsSync(manifest)) continue;
      pkgs.push({ ...JSON.parse(readFileSync(manifest, "utf8")), dir: join(dir, entry) });
    }
  }
  return pkgs;
}

function packageNameOf(spec) {
  if (spec.startsWith(".") || spec.startsWith("node:")) return undefined;
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function resolveRelative(from, spec) {
  const base = resolve(dirname(from), spec);
  const candidates = [
    base,
    base.replace(/\.js$/, ".ts"),
    base.replace(/\.mjs$/, ".mts"),
    `${base}.ts`,
    join(base, "index.ts"),
  ];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function findCycles(graph) {
  // Tarjan's strongly connected components; any component with more than one file is a cycle.
  let index = 0;
  const stack = [];
  const meta = new Map();
  const cycles = [];
  const visit = (node) => {
    meta.set(node, { index, low: index, onStack: true });
    index++;
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!meta.has(next)) {
        visit(next);
        meta.get(node).low = Math.min(meta.get(node).low, meta.get(next).low);
      } else if (meta.get(next).onStack) {
        meta.get(node).low = Math.min(meta.get(node).low, meta.get(next).index);
      }
    }
    if (meta.get(node).low === meta.get(node).index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        meta.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component);
    }
  };
  for (const node of graph.keys()) if (!meta.has(node)) visit(node);
  return cycles;
}

/** Returns a list of human-readable violations for the workspace at `root`. */
export function checkLayers(root) {
  const problems = [];
  const pkgs = workspacePackages(root);
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  for (const pkg of pkgs) {
    const layer = layerOf(pkg);
    if (layer < 0) {
      problems.push(`${pkg.name}: public package has no layer; add it to LAYERS in scripts/check-layers.mjs`);
      continue;
    }
    const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }));
    const graph = new Map();
    for (const file of sourceFiles(join(pkg.dir, "src"))) {
      const edges = [];
      for (const spec of importsOf(readFileSync(file, "utf8"))) {
        const where = relative(root, file);
        if (spec.startsWith(".")) {
          const target = resolveRelative(file, spec);
          if (target) edges.push(target);
          continue;
        }
        const name = packageNameOf(spec);
        if (name === pkg.name)
          problems.push(`${where}: imports its own package "${spec}"; use a relative import`);
        const dep = name && byName.get(name);
        if (!dep) continue;
        const depLayer = layerOf(dep);
        // Tooling (tests harness, bench, examples) may use other tooling; libraries only lower layers.
        const allowed = ALLOWED_EDGES.has(`${pkg.name} -> ${name}`);
        if (depLayer >= layer && layer !== TOOLING && !allowed) {
          problems.push(
            `${where}: ${pkg.name} (${LAYERS[layer]?.name ?? "tooling"}) must not import ${name} (${LAYERS[depLayer]?.name ?? "tooling"}): dependencies point down only`,
          );
        }
        if (!declared.has(name))
          problems.push(`${where}: imports ${name} but ${pkg.name} does not declare it`);
      }
      graph.set(file, edges);
    }
    for (const cycle of findCycles(graph)) {
      problems.push(`${pkg.name}: import cycle: ${cycle.map((f) => relative(root, f)).join(" -> ")}`);
    }
  }
  return problems;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const problems = checkLayers(root);
  if (problems.length > 0) {
    console.error(
      `check-layers: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    process.exit(1);
  }
  console.log("check-layers: ok (layering respected, no import cycles)");
}
