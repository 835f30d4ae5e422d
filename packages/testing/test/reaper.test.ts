import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../src/index.js";

// The reaper acts when a process exits, so it is tested in a separate Node process running the harness.
// Plain Node cannot load TypeScript, so the harness sources are transpiled (they import only node:*).
let workDir: string;
let fixture: string;

const FIXTURE = `
import { startServer } from "./server/start-server.js";
const server = await startServer();
process.stdout.write("REPORT " + JSON.stringify({ pid: server.pid, storeDir: server.storeDir }) + "\\n");
if (process.argv[2] === "crash") throw new Error("a test failed without stopping its server");
setInterval(() => {}, 1000); // stays up until signalled
`;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "natsflux-reaper-test-"));
  const source = join(import.meta.dirname, "../src/server");
  await mkdir(join(workDir, "server"));
  for (const file of (await readdir(source)).filter((f) => f.endsWith(".ts"))) {
    const { outputText } = ts.transpileModule(await readFile(join(source, file), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    await writeFile(join(workDir, "server", file.replace(/\.ts$/, ".js")), outputText);
  }
  fixture = join(workDir, "fixture.mjs");
  await writeFile(fixture, FIXTURE);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed child whose parent is gone may linger as a zombie until init reaps it: that is dead too.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function waitDead(pid: number, timeoutMs = 5000): Promise<boolean> {
  return until(`process ${pid} to exit`, () => !isAlive(pid), { timeoutMs, intervalMs: 50 }).then(
    () => true,
    () => false,
  );
}

/** The fixture's "REPORT {...}" line (other stdout lines, like the version banner, are skipped). */
function report(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^REPORT (.*)$/m.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`fixture exited (${code}) before reporting:\n${err}`)));
  });
}

async function runOrphan(
  mode: "crash" | "signal",
): Promise<{ pid: number; storeDir: string; exit: Promise<unknown> }> {
  const child = spawn(process.execPath, [fixture, mode], { stdio: ["ignore", "pipe", "pipe"] });
  const exit = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  try {
    const reported = JSON.parse(await report(child)) as { pid: number; storeDir: string };
    if (mode === "signal") child.kill("SIGTERM");
    return { ...reported, exit };
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}

describe("reaper", () => {
  it("kills servers and deletes store dirs when the process dies of an uncaught error", async () => {
    const { pid, storeDir, exit } = await runOrphan("crash");
    try {
      expect(await exit).toBe(1);
      expect(await waitDead(pid)).toBe(true);
      expect(existsSync(storeDir)).toBe(false);
    } finally {
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  });

  it("kills servers on SIGTERM and still lets the signal terminate the process", async () => {
    const { pid, storeDir, exit } = await runOrphan("signal");
    try {
      expect(await exit).toBe("SIGTERM");
      expect(await waitDead(pid)).toBe(true);
      expect(existsSync(storeDir)).toBe(false);
    } finally {
      if (isAlive(pid)) process.kill(pid, "SIGKILL");
    }
  });
});
