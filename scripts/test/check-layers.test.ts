import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without type declarations
import { checkLayers } from "../check-layers.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");
const temps: string[] = [];

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "layers-"));
  temps.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const manifest = (name: string, deps: string[] = [], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name, dependencies: Object.fromEntries(deps.map((d) => [d, "workspace:*"])), ...extra });
const devDeps = (...names: string[]) => ({
  devDependencies: Object.fromEntries(names.map((d) => [d, "workspace:*"])),
});

/** core, a transport and the private test harness: the usual cast of the folder-rule cases. */
const base = {
  "packages/core/package.json": manifest("@natsflux/core"),
  "packages/core/src/index.ts": "export const c = 1;\n",
  "packages/testing/package.json": manifest("@natsflux/testing", ["@natsflux/core"], { private: true }),
  "packages/testing/src/index.ts": "export const t = 1;\n",
  "packages/messaging/package.json": manifest("@natsflux/messaging", ["@natsflux/core"]),
  "packages/messaging/src/index.ts": "export const m = 1;\n",
};

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("check-layers", () => {
  it("passes on this repository", () => {
    expect(checkLayers(repoRoot)).toEqual([]);
  });

  it("fails when core imports a transport", () => {
    const root = workspace({
      "packages/core/package.json": manifest("@natsflux/core", ["@natsflux/transport-nats"]),
      "packages/core/src/index.ts": 'import { x } from "@natsflux/transport-nats";\nexport { x };\n',
      "packages/transport-nats/package.json": manifest("@natsflux/transport-nats", ["@natsflux/core"]),
      "packages/transport-nats/src/index.ts": "export const x = 1;\n",
    });
    const problems: string[] = checkLayers(root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/@natsflux\/core \(core\) must not import @natsflux\/transport-nats/);
  });

  it("fails when a transport imports the facade or another transport", () => {
    const root = workspace({
      "packages/core/package.json": manifest("@natsflux/core"),
      "packages/messaging/package.json": manifest("@natsflux/messaging", ["@natsflux/core"]),
      "packages/transport-jetstream/package.json": manifest("@natsflux/transport-jetstream"),
      "packages/transport-nats/package.json": manifest("@natsflux/transport-nats", [
        "@natsflux/messaging",
        "@natsflux/transport-jetstream",
      ]),
      "packages/transport-nats/src/a.ts":
        'import type { Y } from "@natsflux/messaging";\nexport { z } from "@natsflux/transport-jetstream";\nexport type { Y };\n',
    });
    const problems: string[] = checkLayers(root);
    expect(problems.some((p) => p.includes("must not import @natsflux/messaging (facade)"))).toBe(true);
    expect(
      problems.some((p) => p.includes("must not import @natsflux/transport-jetstream (transports)")),
    ).toBe(true);
  });

  it("lets transport-jetstream import transport-nats (JetStream on Core NATS), and only that edge", () => {
    const root = workspace({
      "packages/core/package.json": manifest("@natsflux/core"),
      "packages/transport-nats/package.json": manifest("@natsflux/transport-nats", ["@natsflux/core"]),
      "packages/transport-nats/src/index.ts": "export const x = 1;\n",
      "packages/transport-jetstream/package.json": manifest("@natsflux/transport-jetstream", [
        "@natsflux/transport-nats",
      ]),
      "packages/transport-jetstream/src/a.ts": 'export { x } from "@natsflux/transport-nats";\n',
      "packages/transport-memory/package.json": manifest("@natsflux/transport-memory", [
        "@natsflux/transport-nats",
      ]),
      "packages/transport-memory/src/a.ts": 'export { x } from "@natsflux/transport-nats";\n',
    });
    const problems: string[] = checkLayers(root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/transport-memory \(transports\) must not import @natsflux\/transport-nats/);
  });

  it("fails on an undeclared workspace dependency", () => {
    const root = workspace({
      "packages/core/package.json": manifest("@natsflux/core"),
      "packages/codec-json/package.json": manifest("@natsflux/codec-json"),
      "packages/codec-json/src/index.ts":
        'import type { Codec } from "@natsflux/core";\nexport type { Codec };\n',
    });
    expect(checkLayers(root)).toEqual([
      expect.stringContaining("imports @natsflux/core but @natsflux/codec-json does not declare it"),
    ]);
  });

  it("reports an import cycle between files", () => {
    const root = workspace({
      "packages/core/package.json": manifest("@natsflux/core"),
      "packages/core/src/a.ts": 'import { b } from "./b.js";\nexport const a = () => b;\n',
      "packages/core/src/b.ts": 'import { a } from "./a.js";\nexport const b = () => a;\n',
      "packages/core/src/c.ts": 'import { a } from "./a.js";\nexport const c = a;\n',
    });
    const problems: string[] = checkLayers(root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/import cycle: .*a\.ts.*b\.ts|import cycle: .*b\.ts.*a\.ts/);
  });

  it("checks a library's bench/: no private tooling, even when declared", () => {
    const root = workspace({
      ...base,
      "packages/transport-nats/package.json": manifest("@natsflux/transport-nats", ["@natsflux/core"], {
        ...devDeps("@natsflux/testing"),
      }),
      "packages/transport-nats/src/index.ts": 'import { c } from "@natsflux/core";\nexport const n = c;\n',
      "packages/transport-nats/bench/b.ts":
        'import { t } from "@natsflux/testing";\nimport { n } from "../src/index.js";\nexport { n, t };\n',
    });
    expect(checkLayers(root)).toEqual([
      expect.stringMatching(
        /bench\/b\.ts: @natsflux\/transport-nats \(transports\) must not import @natsflux\/testing \(tooling\): .*private tooling/,
      ),
    ]);
  });

  it("lets tests use the harness and their own layer, not a higher one", () => {
    const root = workspace({
      ...base,
      "packages/transport-memory/package.json": manifest("@natsflux/transport-memory", ["@natsflux/core"]),
      "packages/transport-nats/package.json": manifest("@natsflux/transport-nats", ["@natsflux/core"], {
        ...devDeps("@natsflux/testing", "@natsflux/transport-memory", "@natsflux/messaging"),
      }),
      "packages/transport-nats/test/ok.test.ts": [
        'import { t } from "@natsflux/testing";',
        'import { x } from "@natsflux/transport-memory";',
        'import { y } from "@natsflux/transport-nats";',
        'import { c } from "@natsflux/core";',
        "export { c, t, x, y };",
      ].join("\n"),
      "packages/transport-nats/test/support/up.ts": 'export { m } from "@natsflux/messaging";\n',
    });
    expect(checkLayers(root)).toEqual([
      expect.stringMatching(
        /test\/support\/up\.ts: tests of @natsflux\/transport-nats \(transports\) must not import @natsflux\/messaging \(facade\)/,
      ),
    ]);
  });

  it("requires tests' imports to be declared, devDependencies included", () => {
    const root = workspace({
      ...base,
      "packages/codec-json/package.json": manifest("@natsflux/codec-json", ["@natsflux/core"]),
      "packages/codec-json/test/a.test.ts": 'import { t } from "@natsflux/testing";\nexport { t };\n',
    });
    expect(checkLayers(root)).toEqual([
      expect.stringContaining(
        "codec-json/test/a.test.ts: imports @natsflux/testing but @natsflux/codec-json does not declare it",
      ),
    ]);
  });

  it("checks every folder: scripts, root configs and bin/ too", () => {
    const root = workspace({
      ...base,
      "packages/gomessaging/package.json": manifest("@natsflux/gomessaging", ["@natsflux/core"], {
        ...devDeps("@natsflux/testing", "@natsflux/messaging"),
      }),
      "packages/gomessaging/bin/cli.js": 'import { m } from "@natsflux/messaging";\nconsole.log(m);\n',
      "packages/gomessaging/scripts/gen.mjs": 'import { t } from "@natsflux/testing";\nconsole.log(t);\n',
      "packages/gomessaging/vitest.config.ts": 'export { t } from "@natsflux/testing";\n',
      "packages/gomessaging/dist/index.js": 'import { m } from "@natsflux/messaging";\n',
    });
    const problems: string[] = checkLayers(root);
    expect(problems).toHaveLength(4);
    expect(problems.some((p) => p.includes("bin/cli.js: imports @natsflux/messaging but"))).toBe(true);
    expect(
      problems.some((p) => /bin\/cli\.js: .*must not import @natsflux\/messaging \(facade\)/.test(p)),
    ).toBe(true);
    expect(problems.some((p) => /scripts\/gen\.mjs: .*must not import @natsflux\/testing/.test(p))).toBe(
      true,
    );
    expect(
      problems.some((p) => /gomessaging\/vitest\.config\.ts: .*must not import @natsflux\/testing/.test(p)),
    ).toBe(true);
  });

  it("reports a relative import into another package's files", () => {
    const root = workspace({
      ...base,
      "packages/codec-json/package.json": manifest("@natsflux/codec-json", ["@natsflux/core"]),
      "packages/codec-json/src/index.ts": 'export { c } from "../../core/src/index.js";\n',
      "packages/codec-json/test/a.test.ts": 'export { m } from "../../messaging/src/index.js";\n',
    });
    const problems: string[] = checkLayers(root);
    expect(problems).toHaveLength(3);
    expect(problems.some((p) => p.includes("src/index.ts: imports packages/core/src/index.ts by path"))).toBe(
      true,
    );
    expect(
      problems.some((p) => p.includes("a.test.ts: imports packages/messaging/src/index.ts by path")),
    ).toBe(true);
    expect(
      problems.some((p) =>
        p.includes("tests of @natsflux/codec-json (codecs) must not import @natsflux/messaging"),
      ),
    ).toBe(true);
  });
});
