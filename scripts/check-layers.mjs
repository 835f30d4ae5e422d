#!/usr/bin/env node
// Enforces the package layering (dependencies point down only) and forbids import cycles.
//
// Layers, lowest first. A package's shipped code (src/, bin/) may import workspace packages of a strictly lower
// layer only. Private tooling (testing, bench, tck-adapter, examples) sits above everything and may import
// anything, other tooling included. Every other folder of a library package is checked too (see FOLDER_KINDS).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const LAYERS = [
  { name: "core", match: (n) => n === "@natsflux/core" },
  { name: "codecs", match: (n) => n.startsWith("@natsflux/codec-") },
  // Telemetry adapters implement core's hooks; like the transports, they never import each other.
  { name: "transports", match: (n) => n.startsWith("@natsflux/transport-") || n === "@natsflux/otel" },
  { name: "gomessaging", match: (n) => n === "@natsflux/gomessaging" },
  { name: "facade", match: (n) => n === "@natsflux/messaging" },
];
const TOOLING = LAYERS.length;

// Edges allowed within one layer, as "importer -> imported". JetStream is layered on Core NATS (as in nats.js):
// it uses transport-nats's NATS adapter. No other transport imports another.
export const ALLOWED_EDGES = new Set(["@natsflux/transport-jetstream -> @natsflux/transport-nats"]);

// What a folder of a library package is, and so what it may import (folders not listed: "development").
//  - shipped (src/, bin/): strictly lower layers, declared in dependencies or peerDependencies.
//  - test (test/): its own layer and below, plus private tooling (the test harness).
//  - development (bench/, scripts/, root configs): its own layer and below, never private tooling: what it
//    measures or builds must be what users get, through the public API.
export const FOLDER_KINDS = { src: "shipped", bin: "shipped", test: "test", tests: "test" };
export function folderKind(folder) {
  return Object.hasOwn(FOLDER_KINDS, folder) ? FOLDER_KINDS[folder] : "development";
}
// Build output, installed packages and generated data hold no source of the package's own.
const SKIPPED_DIRS = new Set(["node_modules", "dist", "coverage", "results"]);

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
    if (entry.startsWith(".") || SKIPPED_DIRS.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.([mc]?ts|tsx|[mc]?js)$/.test(entry) && !/\.d\.[mc]?ts$/.test(entry)) out.push(path);
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

const layerName = (layer) => LAYERS[layer]?.name ?? "tooling";

/** Why `pkg`'s `kind` code must not import `dep`, or undefined when it may. */
function layerViolation(pkg, layer, kind, dep, depLayer) {
  if (layer === TOOLING) return undefined;
  if (depLayer === layer && ALLOWED_EDGES.has(`${pkg.name} -> ${dep.name}`)) return undefined;
  const what = `${pkg.name} (${layerName(layer)}) must not import ${dep.name} (${layerName(depLayer)})`;
  if (kind === "shipped") return depLayer < layer ? undefined : `${what}: dependencies point down only`;
  if (kind === "test")
    return depLayer <= layer || depLayer === TOOLING
      ? undefined
      : `tests of ${what}: tests may use their own layer, lower layers and private tooling`;
  if (depLayer === TOOLING)
    return `${what}: a library's development code uses public packages only, not private tooling`;
  return depLayer <= layer ? undefined : `${what}: dependencies point down only`;
}

/** Returns a list of human-readable violations for the workspace at `root`. */
export function checkLayers(root) {
  const problems = [];
  const pkgs = workspacePackages(root);
  const byName = new Map(pkgs.map((p) => [p.name, p]));
  const owner = (file) => pkgs.find((p) => file.startsWith(`${p.dir}/`));
  for (const pkg of pkgs) {
    const layer = layerOf(pkg);
    if (layer < 0) {
      problems.push(`${pkg.name}: public package has no layer; add it to LAYERS in scripts/check-layers.mjs`);
      continue;
    }
    const shippedDeps = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }));
    const allDeps = new Set([...shippedDeps, ...Object.keys(pkg.devDependencies ?? {})]);
    const graph = new Map();
    for (const file of sourceFiles(pkg.dir)) {
      const inner = relative(pkg.dir, file);
      const kind = folderKind(inner.includes("/") ? inner.slice(0, inner.indexOf("/")) : "");
      const declared = kind === "shipped" ? shippedDeps : allDeps;
      const where = relative(root, file);
      const edges = [];
      for (const spec of importsOf(readFileSync(file, "utf8"))) {
        let dep;
        if (spec.startsWith(".")) {
          const target = resolveRelative(file, spec);
          if (!target) continue;
          const other = owner(target);
          if (other === undefined || other === pkg) {
            edges.push(target);
            continue;
          }
          // Reaching into another package's files bypasses its entry points and this check alike.
          problems.push(`${where}: imports ${relative(root, target)} by path; import ${other.name} instead`);
          dep = other;
        } else {
          const name = packageNameOf(spec);
          if (name === pkg.name) {
            if (kind === "shipped")
              problems.push(`${where}: imports its own package "${spec}"; use a relative import`);
            continue;
          }
          dep = name && byName.get(name);
          if (!dep) continue;
          if (!declared.has(name))
            problems.push(`${where}: imports ${name} but ${pkg.name} does not declare it`);
        }
        const violation = layerViolation(pkg, layer, kind, dep, layerOf(dep));
        if (violation) problems.push(`${where}: ${violation}`);
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
