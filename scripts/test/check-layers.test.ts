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

const manifest = (name: string, deps: string[] = []) =>
  JSON.stringify({ name, dependencies: Object.fromEntries(deps.map((d) => [d, "workspace:*"])) });

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
});
