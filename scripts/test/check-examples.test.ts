import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without type declarations
import { checkExample, main } from "../check-examples.mjs";

const temps: string[] = [];

function example(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), "examples-")), "demo");
  temps.push(dirname(dir));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const manifest = (dependencies: string[], devDependencies: string[] = ["tsx"]) =>
  JSON.stringify({
    name: "demo",
    dependencies: Object.fromEntries(dependencies.map((d) => [d, "1.0.0"])),
    devDependencies: Object.fromEntries(devDependencies.map((d) => [d, "1.0.0"])),
  });

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("check-examples", () => {
  it("passes on this repository's examples", () => {
    expect(main([])).toBe(0);
  });

  it("accepts an example whose package.json lists exactly what it imports", () => {
    const dir = example({
      "package.json": manifest(["@natsflux/messaging"], ["@natsflux/testing", "tsx"]),
      "src/main.ts": 'import { createConnection } from "@natsflux/messaging";\nimport { x } from "./x.js";\n',
      "test/main.test.ts": 'import { startServer } from "@natsflux/testing";\nimport { it } from "vitest";\n',
    });
    expect(checkExample(dir)).toEqual([]);
  });

  it("refuses the private harness and relative imports out of the example in src/", () => {
    const dir = example({
      "package.json": manifest(["@natsflux/testing"]),
      "src/main.ts":
        'import { startServer } from "@natsflux/testing";\nimport { a } from "../../../packages/core/src/index.js";\n',
    });
    const problems: string[] = checkExample(dir);
    expect(problems.some((p) => p.includes("imports @natsflux/testing, which is private"))).toBe(true);
    expect(problems.some((p) => p.includes("outside the example"))).toBe(true);
  });

  it("names missing, unused and misplaced dependencies", () => {
    const dir = example({
      "package.json": manifest(["@natsflux/core", "zod"], ["tsx", "@natsflux/messaging", "left-pad"]),
      "src/main.ts":
        'import { z } from "zod";\nimport { m } from "@natsflux/messaging";\nimport { n } from "nope";\n',
      "test/main.test.ts": 'import { ConfigError } from "@natsflux/core";\n',
    });
    const problems: string[] = checkExample(dir);
    expect(problems).toEqual([
      expect.stringMatching(/src\/main\.ts: imports @natsflux\/messaging, not in dependencies/),
      expect.stringMatching(/src\/main\.ts: imports nope, not in dependencies/),
      expect.stringMatching(
        /dependency @natsflux\/core is not imported by src\/ \(only by test\/: a devDependency\)/,
      ),
      expect.stringMatching(/devDependency @natsflux\/messaging is imported by src\/, so a dependency/),
      expect.stringMatching(/devDependency left-pad is imported by neither test\/ nor a tool/),
    ]);
  });
});
