#!/usr/bin/env node
// Prints the workspace's publishable packages, one `<dir> <name> <version>` per line (packages/* not private).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packagesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "packages");

export function publicPackages() {
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(packagesDir, d.name, "package.json")))
    .map((d) => ({
      dir: join(packagesDir, d.name),
      manifest: JSON.parse(readFileSync(join(packagesDir, d.name, "package.json"), "utf8")),
    }))
    .filter((p) => p.manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const p of publicPackages()) console.log(`${p.dir} ${p.manifest.name} ${p.manifest.version}`);
}
