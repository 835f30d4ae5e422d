#!/usr/bin/env node
// Every example can be copied out of the repository and run against $NATS_URL:
//   - src/ imports only packages (no @natsflux/testing, nothing relative outside the example's folder);
//   - package.json lists exactly what is imported: src/ imports as dependencies, test-only imports as
//     devDependencies, and nothing else except the command-line tools its scripts run.
// The embedded server is the test harness's job (test/) and scripts/with-nats.ts's (`start:local`).
//
// Usage: node scripts/check-examples.mjs [examples-dir]. Exit 0 when clean, 1 otherwise (each problem named).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { importsOf } from "./check-layers.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs type-checking or code generation from package.json scripts; never imported. */
export const TOOLS = new Set(["tsx", "typescript", "@bufbuild/buf", "@bufbuild/protoc-gen-es"]);
/** Examples that are not examples: docs-snippets type-checks the docs' blocks with every package they use. */
const NOT_EXAMPLES = new Set(["docs-snippets"]);
const PRIVATE = "@natsflux/testing";
/** The workspace's test runner (a root devDependency): tests import it without listing it. */
const RUNNER = "vitest";

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === "node_modules" ? [] : files(path);
    return /\.(m?[tj]s|tsx)$/.test(entry) && !entry.endsWith(".d.ts") ? [path] : [];
  });
}

/** "@scope/name/sub" → "@scope/name"; "name/sub" → "name"; undefined for relative and node: imports. */
export function packageOf(spec) {
  if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:")) return undefined;
  if (builtinModules.includes(spec.split("/")[0])) return undefined;
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The problems of one example folder. */
export function checkExample(dir) {
  const name = relative(root, dir);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const deps = new Set(Object.keys(manifest.dependencies ?? {}));
  const devDeps = new Set(Object.keys(manifest.devDependencies ?? {}));
  const problems = [];
  const used = { src: new Set(), test: new Set() };
  for (const part of ["src", "test"]) {
    for (const file of files(join(dir, part))) {
      const where = relative(root, file);
      for (const spec of importsOf(readFileSync(file, "utf8"))) {
        if (spec.startsWith(".")) {
          const target = resolve(dirname(file), spec);
          if (part === "src" && !`${target}${sep}`.startsWith(`${dir}${sep}`)) {
            problems.push(`${where}: imports ${spec}, outside the example: a copy of it would not run`);
          }
          continue;
        }
        const pkg = packageOf(spec);
        if (pkg === undefined || (part === "test" && pkg === RUNNER)) continue;
        used[part].add(pkg);
        if (part === "src" && pkg === PRIVATE) {
          problems.push(`${where}: imports ${PRIVATE}, which is private: read NATS_URL instead`);
        } else if (part === "src" && !deps.has(pkg)) {
          problems.push(`${where}: imports ${pkg}, not in dependencies of ${name}/package.json`);
        } else if (part === "test" && !deps.has(pkg) && !devDeps.has(pkg)) {
          problems.push(`${where}: imports ${pkg}, not in (dev)dependencies of ${name}/package.json`);
        }
      }
    }
  }
  for (const dep of deps) {
    if (!used.src.has(dep)) {
      problems.push(
        `${name}/package.json: dependency ${dep} is not imported by src/${used.test.has(dep) ? " (only by test/: a devDependency)" : ""}`,
      );
    }
  }
  for (const dep of devDeps) {
    if (used.src.has(dep)) {
      problems.push(`${name}/package.json: devDependency ${dep} is imported by src/, so a dependency`);
    } else if (!used.test.has(dep) && !TOOLS.has(dep)) {
      problems.push(`${name}/package.json: devDependency ${dep} is imported by neither test/ nor a tool`);
    }
  }
  return problems;
}

export function main(argv) {
  const examples = resolve(argv[0] ?? join(root, "examples"));
  const problems = readdirSync(examples)
    .filter((entry) => !NOT_EXAMPLES.has(entry) && existsSync(join(examples, entry, "package.json")))
    .flatMap((entry) => checkExample(join(examples, entry)));
  if (problems.length > 0) {
    console.error(`${problems.join("\n")}\n\ncheck-examples: ${problems.length} problem(s)`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
