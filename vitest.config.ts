import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Tests import sibling packages from source through this export condition, so no build is needed first.
const sourceCondition = "@natsflux/source";
const serverConditions = [sourceCondition, "node", "import", "module", "default"];

function projectDirs(parent: string): string[] {
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(parent, d.name, "test")))
    .map((d) => join(parent, d.name));
}

export default defineConfig({
  resolve: { conditions: serverConditions },
  ssr: { resolve: { conditions: serverConditions } },
  test: {
    reporters: ["default", "./scripts/vitest-summary-reporter.ts"],
    projects: [...projectDirs("packages"), ...projectDirs("examples"), "scripts"].map((dir) => ({
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
