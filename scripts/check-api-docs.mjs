#!/usr/bin/env node
// The API reference (typedoc.json, `pnpm run docs`) documents every public package and every subpath it
// exports, and nothing private:
//   - typedoc.json's entryPoints name every packages/* folder whose package.json is not private, and no other;
//   - each public package's entry points (its own typedoc.json, else typedoc.json's packageOptions) are
//     exactly the source files of its exports (the `@natsflux/source` condition), except NOT_DOCUMENTED;
//   - pages show the version (includeVersion) and link to the sources (sourceLinkTemplate).
//
// Usage: node scripts/check-api-docs.mjs [repo-root]. Exit 0 when complete, 1 otherwise (each gap named).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Subpaths that are exported but not for users, each with the reason. */
export const NOT_DOCUMENTED = {
  "@natsflux/core": { "./internal": "building blocks shared by the transports; not a stable API" },
  "@natsflux/otel": { "./internal": "shared with the facade's tracing; not a stable API" },
  "@natsflux/transport-nats": {
    "./adapter": "the NATS adapter shared by the JetStream transport and the facade; not a stable API",
  },
  "@natsflux/gomessaging": { "./fixtures": "the gomessaging fixtures, for the packages' own tests" },
};

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const clean = (path) => normalize(path).replace(/^\.\//, "");

/** The source file of an export entry: its `@natsflux/source` condition, else the string itself. */
function sourceOf(entry) {
  if (typeof entry === "string") return entry;
  if (entry && typeof entry === "object") return entry["@natsflux/source"];
  return undefined;
}

export function checkApiDocs(root) {
  const problems = [];
  const config = readJson(join(root, "typedoc.json"));
  if (config.entryPointStrategy !== "packages") {
    return [`typedoc.json: entryPointStrategy must be "packages" (one module per package)`];
  }
  const listed = new Set((config.entryPoints ?? []).map((p) => clean(p)));
  const defaults = config.packageOptions?.entryPoints ?? [];
  for (const key of ["includeVersion", "sourceLinkTemplate"]) {
    if (!config[key] || !config.packageOptions?.[key]) {
      problems.push(`typedoc.json: set ${key} at the root and in packageOptions (pages show it per package)`);
    }
  }
  if (config.disableSources || config.packageOptions?.disableSources) {
    problems.push("typedoc.json: disableSources hides the source links");
  }

  const seen = new Set();
  for (const entry of readdirSync(join(root, "packages")).sort()) {
    const dir = `packages/${entry}`;
    const manifestPath = join(root, dir, "package.json");
    if (!existsSync(manifestPath)) continue;
    seen.add(dir);
    const manifest = readJson(manifestPath);
    if (manifest.private) {
      if (listed.has(dir)) problems.push(`typedoc.json: ${dir} (${manifest.name}) is private: leave it out`);
      continue;
    }
    if (!listed.has(dir)) {
      problems.push(`typedoc.json: the public package ${manifest.name} (${dir}) is missing from entryPoints`);
      continue;
    }
    const own = join(root, dir, "typedoc.json");
    const documented = new Set(
      ((existsSync(own) ? readJson(own).entryPoints : undefined) ?? defaults).map((p) => clean(p)),
    );
    const skipped = NOT_DOCUMENTED[manifest.name] ?? {};
    const exported = new Set();
    for (const [subpath, target] of Object.entries(manifest.exports ?? { ".": manifest.main })) {
      if (subpath === "./package.json") continue;
      const source = sourceOf(target);
      const name = `${manifest.name}${subpath === "." ? "" : subpath.slice(1)}`;
      if (source === undefined) {
        problems.push(`${dir}/package.json: export ${subpath} has no @natsflux/source file to document`);
        continue;
      }
      exported.add(clean(source));
      if (subpath in skipped) continue;
      if (!documented.has(clean(source))) {
        problems.push(
          `${existsSync(own) ? `${dir}/typedoc.json` : "typedoc.json packageOptions"}: ${name} (${source}) ` +
            `is exported but not an entry point${existsSync(own) ? "" : `: add ${dir}/typedoc.json with its entryPoints`}`,
        );
      }
    }
    for (const subpath of Object.keys(skipped)) {
      if (!(subpath in (manifest.exports ?? {}))) {
        problems.push(
          `check-api-docs.mjs: ${manifest.name}${subpath.slice(1)} is no longer exported: drop it`,
        );
      } else if (documented.has(clean(sourceOf(manifest.exports[subpath])))) {
        problems.push(`${manifest.name}${subpath.slice(1)} is documented although listed in NOT_DOCUMENTED`);
      }
    }
    for (const file of documented) {
      if (!exported.has(file)) problems.push(`${dir}: entry point ${file} is not exported by package.json`);
    }
  }
  for (const dir of listed) {
    if (!seen.has(dir)) problems.push(`typedoc.json: entry point ${dir} is not a package folder`);
  }
  return problems;
}

export function main(argv) {
  const root = resolve(argv[0] ?? join(dirname(fileURLToPath(import.meta.url)), ".."));
  const problems = checkApiDocs(root);
  if (problems.length > 0) {
    console.error(`${problems.join("\n")}\n\ncheck-api-docs: ${problems.length} problem(s)`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
