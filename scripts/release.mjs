#!/usr/bin/env node
// `pnpm release [--dry-run]`: everything a release needs except the upload.
//
//   --dry-run   changes nothing: lists every public package with the version it would publish (pending
//               changesets applied, as `changeset status` computes them) and its changelog entry.
//   (default)   applies pending changesets (`changeset version`: versions + CHANGELOG.md), then runs the
//               packaging check (build, pack, tarball/publint/attw checks, scratch-app install, type
//               checks, a run against nats-server). The upload is left to `pnpm changeset publish`
//               (in CI, with npm provenance), after the version commit is reviewed and merged.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { publicPackages } from "./packaging/public-packages.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dryRun = process.argv.includes("--dry-run");
const changesetBin = join(root, "node_modules/.bin/changeset");

function pendingChangesets() {
  const dir = join(root, ".changeset");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      const [, front = "", body = ""] = text.match(/^---\n([\s\S]*?)\n---\n([\s\S]*)$/) ?? [];
      const bumps = Object.fromEntries(
        [...front.matchAll(/^["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/gm)].map((m) => [m[1], m[2]]),
      );
      return { id: f.replace(/\.md$/, ""), bumps, summary: body.trim() };
    });
}

// The versions `changeset version` would produce (dependents included), without changing anything.
function plannedVersions() {
  const dir = mkdtempSync(join(tmpdir(), "natsflux-release-"));
  const out = join(dir, "status.json");
  try {
    spawnSync(changesetBin, ["status", "--output", out], { cwd: root, stdio: "ignore" });
    if (!existsSync(out)) return new Map();
    const status = JSON.parse(readFileSync(out, "utf8"));
    return new Map(status.releases.map((r) => [r.name, r]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The CHANGELOG.md section of one version (what `changeset version` wrote).
function changelogEntry(dir, version) {
  const file = join(dir, "CHANGELOG.md");
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(`\n## ${version}\n`);
  if (start < 0) return undefined;
  const rest = text.slice(start + 1);
  const next = rest.indexOf("\n## ", 3);
  return (next < 0 ? rest : rest.slice(0, next)).trim();
}

function published(name, version) {
  const r = spawnSync("npm", ["view", `${name}@${version}`, "version"], { encoding: "utf8" });
  if (r.status === 0) return r.stdout.trim() === version ? "yes" : "no";
  return /E404|404 Not Found/.test(r.stderr) ? "no" : "unknown (registry not reachable)";
}

function listPlan() {
  const pending = pendingChangesets();
  const planned = plannedVersions();
  console.log(
    pending.length > 0
      ? `${pending.length} pending changeset(s): ${pending.map((c) => c.id).join(", ")} (pnpm release applies them first)`
      : "no pending changesets: the versions below are the ones in package.json, CHANGELOG.md already written",
  );
  for (const { dir, manifest } of publicPackages()) {
    const plan = planned.get(manifest.name);
    const next = plan ? plan.newVersion : manifest.version;
    const bump = plan ? `${plan.type}: ${manifest.version} -> ${next}` : "no bump";
    console.log(`\n${manifest.name}@${next}  (${bump}; on npm already: ${published(manifest.name, next)})`);
    const entries = plan
      ? pending.filter((c) => c.bumps[manifest.name]).map((c) => `- ${c.summary.replace(/\n/g, "\n  ")}`)
      : [changelogEntry(dir, next) ?? "(no CHANGELOG entry for this version)"];
    if (plan && entries.length === 0)
      entries.push(`- Updated dependencies (a ${plan.type} bump of a dependency)`);
    for (const e of entries) console.log(`  ${e.replace(/\n/g, "\n  ")}`);
  }
}

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`release: ${cmd} ${args.join(" ")} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

if (dryRun) {
  listPlan();
  console.log("\n--dry-run: nothing changed, nothing built, nothing uploaded.");
} else {
  if (pendingChangesets().length > 0) run(changesetBin, ["version"]);
  listPlan();
  run("bash", [join(root, "scripts/check-packaging.sh")]);
  const dirty = execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" }).trim();
  console.log("\nrelease: ready. Everything but the upload is done.");
  if (dirty) console.log("Commit the version bumps and CHANGELOGs, merge, then in CI:");
  else console.log("Then in CI (npm provenance needs its OIDC token):");
  console.log(
    "  pnpm changeset publish   # pnpm publish of every public package whose version is not on npm yet, + git tags",
  );
}
