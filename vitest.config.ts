import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Tests import sibling packages from source through this export condition, so no build is needed first.
const sourceCondition = "@natsflux/source";
const serverConditions = [sourceCondition, "node", "import", "module", "default"];

// Absolute paths, so the config works from any working directory (`vitest run --root ../..`).
function projectDirs(parent: string): string[] {
  const dir = join(import.meta.dirname, parent);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "test")))
    .map((d) => join(dir, d.name));
}

export default defineConfig({
  resolve: { conditions: serverConditions },
  ssr: { resolve: { conditions: serverConditions } },
  test: {
    reporters: ["default", "./scripts/vitest-summary-reporter.ts"],
    projects: [
      ...projectDirs("packages"),
      ...projectDirs("examples"),
      join(import.meta.dirname, "scripts"),
    ].map((dir) => ({
      extends: true,
      test: {
        name: dir.split("/").pop() ?? dir,
        root: dir,
        include: ["test/**/*.test.ts"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        setupFiles: [join(import.meta.dirname, "scripts/vitest-setup.ts")],
      },
    })),
  },
});
