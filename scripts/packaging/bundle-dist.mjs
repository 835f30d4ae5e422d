#!/usr/bin/env node
// Replaces the JavaScript tsc wrote into each public package's dist/ with one ES module per entry point
// (exports and bin; code shared between entry points goes to dist/chunks/). Run after the build and
// before packing: a cold `import("@natsflux/messaging")` otherwise loads up to ~160 small modules, and module
// count, not code size, is what the first import pays for. Declarations (.d.ts) stay as tsc wrote them.
// Other packages (@natsflux/* siblings, @nats-io/*, @opentelemetry/api, ...) stay external imports, so
// every class exists once per app. Source maps point at src/, which the tarballs ship.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { build } from "esbuild";
import { publicPackages } from "./public-packages.mjs";

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return jsFiles(p);
    return /\.js(\.map)?$/.test(e.name) ? [p] : [];
  });
}

// A bin in dist/ is an entry point itself; a committed bin outside dist/ (linked before any build) is a
// thin file importing built modules: those modules are the entry points.
function binTargets(pkgDir, bin) {
  if (bin.replace(/^\.\//, "").startsWith("dist/")) return [bin];
  const source = readFileSync(join(pkgDir, bin), "utf8");
  return [...source.matchAll(/["'](\.\.\/dist\/[^"']+\.js)["']/g)].map((m) =>
    join(dirname(bin), m[1]).replace(/^(?!\.)/, "./"),
  );
}

// dist/x/index.js -> { out: "x/index", in: "<pkg>/src/x/index.ts" }
function entryFor(pkgDir, distPath) {
  const rel = relative(join(pkgDir, "dist"), join(pkgDir, distPath)).replace(/\.js$/, "");
  return { out: rel, in: join(pkgDir, "src", `${rel}.ts`) };
}

for (const { dir, manifest } of publicPackages()) {
  const published = manifest.publishConfig?.exports ?? manifest.exports;
  const targets = Object.entries(published)
    .filter(([key, value]) => key !== "./package.json" && typeof value === "object")
    .map(([, value]) => value.default);
  targets.push(...Object.values(manifest.bin ?? {}).flatMap((bin) => binTargets(dir, bin)));
  const entryPoints = [...new Set(targets)].map((t) => entryFor(dir, t));
  for (const file of jsFiles(join(dir, "dist"))) rmSync(file);
  await build({
    entryPoints,
    outdir: join(dir, "dist"),
    bundle: true,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    format: "esm",
    platform: "node",
    target: "node22",
    packages: "external",
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "warning",
  });
  console.log(`  bundled ${manifest.name}: ${entryPoints.map((e) => e.out).join(", ")}`);
}
