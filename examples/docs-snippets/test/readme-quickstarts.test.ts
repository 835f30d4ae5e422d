// The README's quick starts, run verbatim: each TypeScript block under a "Quick start" heading is written
// to a file unchanged and run with tsx against a real server (the snippets read NATS_URL themselves). Each
// must exit 0 within a bound: a snippet that leaves a connection open hangs and fails here. The bound is
// generous (most of it is tsx compiling the workspace sources on a busy machine); a hang still fails.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM script without type declarations
import { extractBlocks } from "../../../scripts/check-doc-snippets.mjs";

const run = promisify(execFile);
const BOUND_MS = 90_000;
const root = fileURLToPath(new URL("../../..", import.meta.url));
const here = fileURLToPath(new URL("..", import.meta.url));
const tsx = join(here, "node_modules/.bin/tsx");
// Inside this package, so the snippets' imports resolve to the workspace packages.
const scratch = join(here, ".snippets", `readme-${process.pid}`);
const readme = readFileSync(join(root, "README.md"), "utf8");

interface Block {
  readonly lang: string;
  readonly startLine: number;
  readonly lines: string[];
}

/** The heading (`## ...`) each block sits under. */
function sectionOf(startLine: number): string {
  const before = readme.split("\n").slice(0, startLine - 1);
  return before.findLast((line) => /^##\s/.test(line))?.replace(/^##\s+/, "") ?? "";
}

const blocks = (extractBlocks(readme) as Block[]).map((b) => ({ ...b, section: sectionOf(b.startLine) }));
const quickStarts = blocks.filter((b) => /^quick start/i.test(b.section) && b.lang === "ts");

/** Packages a snippet imports ("@scope/name"), in order of appearance. */
function importedPackages(code: string): string[] {
  const names = [...code.matchAll(/from\s+"(@[^/"]+\/[^/"]+|[^./"][^/"]*)[^"]*"/g)].map((m) => m[1] ?? "");
  return [...new Set(names)];
}

let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
  mkdirSync(scratch, { recursive: true });
});
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await server?.[Symbol.asyncDispose]();
});

describe("README quick starts, run verbatim against a real server", () => {
  it("finds the quick starts", () => {
    expect(quickStarts.map((b) => b.section)).toEqual([
      "Quick start: the facade",
      "Quick start: a transport on its own",
    ]);
  });

  const expected: Record<string, RegExp> = {
    "Quick start: the facade": /charged: t-1/,
    "Quick start: a transport on its own": /stored as #1\b/,
  };

  for (const [index, block] of quickStarts.entries()) {
    it(
      `"${block.section}" (README.md:${block.startLine}) ends by itself with exit 0`,
      async () => {
        const file = join(scratch, `quickstart-${index}.ts`);
        writeFileSync(file, `${block.lines.join("\n")}\n`);
        const { NATS_URL: _, ...inherited } = process.env;
        const started = Date.now();
        // A rejection here (non-zero exit, or killed after the timeout) fails the test with the output.
        const { stdout } = await run(tsx, ["--conditions=@natsflux/source", file], {
          cwd: here,
          env: { ...inherited, NATS_URL: server.url },
          timeout: BOUND_MS,
          killSignal: "SIGKILL",
        });
        expect(stdout).toMatch(expected[block.section] ?? /./);
        expect(Date.now() - started).toBeLessThan(BOUND_MS);
      },
      BOUND_MS + 30_000,
    );
  }

  // The Install section names what the quick starts import, so that copying both works.
  const install = blocks.filter((b) => /^install/i.test(b.section) && b.lang === "sh");
  it.runIf(install.length > 0)("the Install section installs every package the quick starts import", () => {
    const installed = new Set(
      install
        .flatMap((b) => b.lines.join(" ").split(/\s+/))
        .filter((w) => /^@?[a-z0-9][\w.-]*(\/[\w.-]+)?$/.test(w)),
    );
    for (const block of quickStarts) {
      for (const pkg of importedPackages(block.lines.join("\n"))) {
        expect(installed, `README.md:${block.startLine} imports ${pkg}`).toContain(pkg);
      }
    }
  });
});
