import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const script = join(root, "scripts/check-doc-snippets.mjs");
const scratch = mkdtempSync(join(tmpdir(), "doc-snippets-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function check(...args: string[]) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

function doc(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

const fence = "```";

describe("the docs", () => {
  it("every TypeScript block type-checks or is an excerpt of an executed example", () => {
    const { status, out } = check();
    expect(out, out).toMatch(/doc snippets: \d+ type-checked/);
    expect(status, out).toBe(0);
    const typeChecked = Number(/(\d+) type-checked/.exec(out)?.[1]);
    const excerpts = Number(/(\d+) excerpts/.exec(out)?.[1]);
    expect(typeChecked).toBeGreaterThan(20);
    expect(excerpts).toBeGreaterThan(3);
  }, 180_000); // one tsc run over every block and the package sources it imports: slow under a parallel suite
});

describe("check-doc-snippets.mjs", () => {
  it("reports a block that does not compile with the doc's file and line", () => {
    const bad = doc(
      "bad.md",
      `# Bad\n\ntext\n\n${fence}ts\nimport { jsonCodec } from "@natsflux/codec-json";\nconst n: number = jsonCodec<string>().decode(new Uint8Array());\n${fence}\n`,
    );
    const { status, out } = check(bad);
    expect(status).toBe(1);
    expect(out).toMatch(/bad\.md:7:\d+: error TS2322/);
  }, 120_000);

  it("accepts a verbatim excerpt of an example and rejects one that drifted", () => {
    const good = doc(
      "good.md",
      `${fence}ts example=examples/order-service/src/messages.ts\nexport interface ChargeRequest {\n  readonly orderId: string;\n${fence}\n`,
    );
    expect(check(good).status).toBe(0);
    const drifted = doc(
      "drifted.md",
      `${fence}ts example=examples/order-service/src/messages.ts\nexport interface ChargeRequest {\n  orderId: number;\n${fence}\n`,
    );
    const { status, out } = check(drifted);
    expect(status).toBe(1);
    expect(out).toContain("drifted.md:1: the block is not a verbatim excerpt");
  });

  it("refuses excerpts of files no test runs", () => {
    const outside = doc(
      "outside.md",
      `${fence}ts example=packages/core/src/index.ts\nexport {};\n${fence}\n`,
    );
    expect(check(outside).out).toContain("must point into examples/<name>/");
  });

  it("leaves shell and diagram blocks alone", () => {
    const other = doc(
      "other.md",
      `${fence}sh\nnot ts at all\n${fence}\n\n${fence}mermaid\ngraph LR\n${fence}\n`,
    );
    const { status, out } = check(other);
    expect(status).toBe(0);
    expect(out).toContain(
      "0 type-checked, 0 excerpts of executed examples, 0 Go blocks parsed, 2 non-code blocks",
    );
  });
});
