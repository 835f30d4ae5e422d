#!/usr/bin/env node
// Checks unpacked tarballs (directories holding `package/`) the way a user's install would see them:
// nothing from the build or the tests leaks in, every path the manifest names exists, source maps point
// at shipped files, and no dependency is pinned to one exact version or still says `workspace:`.
// Usage: inspect-tarballs.mjs <unpacked-dir>...  Exit code 1 on any problem; one summary line per package.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const forbidden = [
  [/\.tsbuildinfo$/, "TypeScript build info"],
  [/(^|\/)test\//, "test files"],
  [/\.test\.[cm]?[jt]s$/, "test files"],
  [/(^|\/)fixtures\//, "test fixtures"],
  [/(^|\/)node_modules\//, "node_modules"],
];
const exact = /^=?\d+\.\d+\.\d+(-[\w.]+)?$/;

function walk(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name))],
  );
}

function targets(value) {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(targets);
  if (value && typeof value === "object") return Object.values(value).flatMap(targets);
  return [];
}

let failed = false;
for (const unpacked of process.argv.slice(2)) {
  const root = join(unpacked, "package");
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const files = walk(root);
  const problems = [];
  for (const f of files) {
    for (const [re, what] of forbidden) if (re.test(f)) problems.push(`ships ${what}: ${f}`);
  }
  for (const f of ["LICENSE", "README.md", "CHANGELOG.md"]) {
    if (!files.includes(f)) problems.push(`no ${f}`);
  }
  const text = JSON.stringify(manifest);
  if (text.includes("workspace:")) problems.push("a dependency still says workspace:");
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (exact.test(range)) problems.push(`${field}.${dep} is pinned exactly (${range}); give a range`);
    }
  }
  for (const [name, script] of Object.entries(manifest.scripts ?? {})) {
    if (script.includes("../")) problems.push(`script "${name}" points outside the package: ${script}`);
  }
  if (manifest.publishConfig?.access !== "public") problems.push("publishConfig.access is not public");
  if (!manifest.repository?.directory) problems.push("repository.directory missing");
  for (const field of ["license", "homepage", "bugs", "keywords", "author", "types"]) {
    if (!manifest[field]) problems.push(`no ${field}`);
  }
  const named = [
    ...targets(manifest.exports).filter((t) => t.startsWith("./")),
    ...targets(manifest.typesVersions),
    ...targets(manifest.bin),
    ...[manifest.main, manifest.types].filter(Boolean),
  ];
  for (const t of named) {
    if (t.includes("*")) continue;
    if (!existsSync(join(root, t))) problems.push(`manifest names a missing file: ${t}`);
  }
  let maps = 0;
  for (const f of files.filter((x) => x.endsWith(".map"))) {
    maps++;
    const map = JSON.parse(readFileSync(join(root, f), "utf8"));
    for (const s of map.sources ?? []) {
      const target = resolve(dirname(join(root, f)), map.sourceRoot ?? "", s);
      if (!existsSync(target)) problems.push(`${f} points at a missing source: ${relative(root, target)}`);
    }
  }
  const bytes = files.reduce((n, f) => n + statSync(join(root, f)).size, 0);
  const status = problems.length === 0 ? "ok" : "FAIL";
  console.log(
    `${status.padEnd(4)} ${manifest.name}@${manifest.version}: ${files.length} files, ${(bytes / 1024).toFixed(0)} KB unpacked, ${maps} source maps resolve`,
  );
  for (const p of problems) console.log(`       - ${p}`);
  if (problems.length > 0) failed = true;
}
process.exit(failed ? 1 : 0);
