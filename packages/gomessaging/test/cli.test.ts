import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIO } from "../src/cli/io.js";
import { run } from "../src/cli/run.js";
import { loadFixture } from "../src/fixtures/index.js";
import { mermaid, type Topology } from "../src/index.js";
import { natsSystem } from "./support/topologies.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const validate = loadFixture("validate");
const valid: Topology[] = validate.cross.find(
  (tc) => tc.name === "multiple publishers multiple consumers",
)!.topologies;

function memoryIO(files: Record<string, string>) {
  const out = { stdout: "", stderr: "" };
  const io: CliIO = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    readFile: async (path) => {
      const text = files[path];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
          code: "ENOENT",
        });
      return text;
    },
  };
  return { io, out };
}

async function cli(argv: string[], files: Record<string, string> = {}) {
  const { io, out } = memoryIO(files);
  const code = await run(argv, io);
  return { code, ...out };
}

describe("natsflux-topology (in-process)", () => {
  it("validate: accepts valid topologies from several files, single objects and arrays", async () => {
    const [first, ...rest] = valid;
    const result = await cli(["validate", "one.json", "rest.json"], {
      "one.json": JSON.stringify(first),
      "rest.json": JSON.stringify(rest),
    });
    expect(result).toEqual({ code: 0, stdout: "ok: 3 topologies valid\n", stderr: "" });
  });

  it("validate: says topology for one", async () => {
    const single = validate.single.find((tc) => tc.name === "valid NATS event stream")!.topology;
    const result = await cli(["validate", "a.json"], { "a.json": JSON.stringify(single) });
    expect(result.stdout).toBe("ok: 1 topology valid\n");
  });

  it("validate: prints every problem and exits 1 for invalid topologies", async () => {
    const broken = validate.single.find((tc) => tc.name === "consume missing queue")!.topology;
    const orphan = validate.cross.find((tc) => tc.name === "missing publisher")!.topologies;
    const result = await cli(["validate", "broken.json", "orphan.json"], {
      "broken.json": JSON.stringify(broken),
      "orphan.json": JSON.stringify(orphan),
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        'service "svc": endpoint[0]: consume endpoint must have a queue name',
        'service "svc" consumes "Event.X" on exchange "events.topic.exchange" but no service publishes it',
        'service "consumer-svc" consumes "Order.Created" on exchange "events.topic.exchange" but no service publishes it',
        "invalid: 3 problem(s) in 2 topologies",
        "",
      ].join("\n"),
    );
  });

  it("mermaid: prints the diagram of all files", async () => {
    const result = await cli(["mermaid", "nats.json"], { "nats.json": JSON.stringify(natsSystem) });
    expect(result).toEqual({ code: 0, stdout: mermaid(natsSystem), stderr: "" });
  });

  it.each([
    ["malformed JSON", { "bad.json": '{"serviceName": "a",' }, "bad.json: malformed JSON: "],
    ["a missing file", {}, "bad.json: cannot read file: ENOENT"],
    [
      "the wrong shape",
      { "bad.json": '{"serviceName": "a", "endpoints": [{"direction": "up"}]}' },
      "bad.json: not a topology: $.endpoints[0].exchangeName",
    ],
    [
      "a non-topology value",
      { "bad.json": "[1, 2]" },
      "bad.json: not a topology: $[0]: must be a topology object",
    ],
  ])("%s: names the file and exits 2", async (_, files, message) => {
    for (const command of ["validate", "mermaid"]) {
      const result = await cli([command, "ok.json", "bad.json"], { "ok.json": "[]", ...files });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`natsflux-topology: ${message}`);
    }
  });

  it("--help prints usage and exits 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const result = await cli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Usage: natsflux-topology <command> <files...>");
    }
    expect((await cli(["validate", "--help"])).code).toBe(0);
  });

  it.each([
    [[], "Usage:"],
    [["lint", "a.json"], 'unknown command "lint"'],
    [["validate"], "validate: no files given"],
    [["mermaid"], "mermaid: no files given"],
  ])("usage errors exit 2: %j", async (argv, message) => {
    const result = await cli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe("natsflux-topology (child process)", () => {
  const main = join(packageDir, "dist", "cli", "main.js");
  let dir: string;

  beforeAll(() => {
    // Build the package (a no-op when dist is current) so the test runs the shipped bin.
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-b", packageDir], { stdio: "pipe" });
    dir = mkdtempSync(join(tmpdir(), "natsflux-topology-"));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const exec = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: "utf8" });

  it("starts with a node shebang", () => {
    const head = execFileSync("head", ["-n1", main], { encoding: "utf8" });
    expect(head).toBe("#!/usr/bin/env node\n");
  });

  it("validates, draws and fails with the right exit codes", () => {
    const good = join(dir, "good.json");
    const invalid = join(dir, "invalid.json");
    const malformed = join(dir, "malformed.json");
    writeFileSync(good, JSON.stringify(valid));
    writeFileSync(invalid, JSON.stringify({ serviceName: "", endpoints: null }));
    writeFileSync(malformed, "{");

    expect(exec("validate", good)).toMatchObject({
      status: 0,
      stdout: "ok: 3 topologies valid\n",
      stderr: "",
    });
    expect(exec("mermaid", good)).toMatchObject({ status: 0, stdout: mermaid(valid) });
    expect(exec("validate", invalid)).toMatchObject({ status: 1, stdout: "" });
    expect(exec("validate", invalid).stderr).toContain('service "": service name must not be empty');
    const bad = exec("mermaid", malformed);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`${malformed}: malformed JSON`);
    expect(exec("--help")).toMatchObject({ status: 0 });
  });

  it("is what package.json's bin runs (a committed file, so pnpm links it before any build)", () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
    expect(pkg.bin["natsflux-topology"]).not.toContain("dist/");
    const bin = join(packageDir, pkg.bin["natsflux-topology"]);
    expect(execFileSync("head", ["-n1", bin], { encoding: "utf8" })).toBe("#!/usr/bin/env node\n");
    const good = join(dir, "bin-good.json");
    writeFileSync(good, JSON.stringify(valid));
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
    expect(run("validate", good)).toMatchObject({ status: 0, stdout: "ok: 3 topologies valid\n" });
    expect(run("validate", join(dir, "missing.json")).status).toBe(2);
  });
});
