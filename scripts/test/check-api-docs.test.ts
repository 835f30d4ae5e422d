import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without type declarations
import { checkApiDocs } from "../check-api-docs.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");
const temps: string[] = [];

function workspace(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), "api-docs-"));
  temps.push(root);
  for (const [path, value] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(value));
  }
  return root;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const exportsOf = (subpaths: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(subpaths).map(([k, v]) => [k, { types: "./dist/x.d.ts", "@natsflux/source": v }]),
  );

const complete = {
  entryPointStrategy: "packages",
  entryPoints: ["packages/a", "packages/b"],
  includeVersion: true,
  sourceLinkTemplate: "https://example.test/{path}#L{line}",
  packageOptions: {
    entryPoints: ["src/index.ts"],
    includeVersion: true,
    sourceLinkTemplate: "https://example.test/{path}#L{line}",
  },
};

const packages = {
  "packages/a/package.json": { name: "@x/a", exports: exportsOf({ ".": "./src/index.ts" }) },
  "packages/b/package.json": {
    name: "@x/b",
    exports: exportsOf({ ".": "./src/index.ts", "./metrics": "./src/metrics/index.ts" }),
  },
  "packages/b/typedoc.json": { entryPoints: ["src/index.ts", "src/metrics/index.ts"] },
  "packages/t/package.json": {
    name: "@x/testing",
    private: true,
    exports: exportsOf({ ".": "./src/index.ts" }),
  },
};

describe("check-api-docs", () => {
  it("passes on this repository", () => {
    expect(checkApiDocs(repoRoot)).toEqual([]);
  });

  it("passes when every public package and subpath is an entry point", () => {
    expect(checkApiDocs(workspace({ ...packages, "typedoc.json": complete }))).toEqual([]);
  });

  it("names a public package missing from the entry points and a private one present", () => {
    const root = workspace({
      ...packages,
      "typedoc.json": { ...complete, entryPoints: ["packages/b", "packages/t"] },
    });
    expect(checkApiDocs(root)).toEqual([
      "typedoc.json: the public package @x/a (packages/a) is missing from entryPoints",
      "typedoc.json: packages/t (@x/testing) is private: leave it out",
    ]);
  });

  it("names an exported subpath that is not an entry point", () => {
    const root = workspace({
      ...packages,
      "packages/b/typedoc.json": { entryPoints: ["src/index.ts"] },
      "typedoc.json": complete,
    });
    expect(checkApiDocs(root)).toEqual([
      "packages/b/typedoc.json: @x/b/metrics (./src/metrics/index.ts) is exported but not an entry point",
    ]);
  });

  it("asks for the version and the source links", () => {
    const { includeVersion: _, ...withoutVersion } = complete;
    const root = workspace({ ...packages, "typedoc.json": { ...withoutVersion, disableSources: true } });
    expect(checkApiDocs(root)).toEqual([
      "typedoc.json: set includeVersion at the root and in packageOptions (pages show it per package)",
      "typedoc.json: disableSources hides the source links",
    ]);
  });
});
