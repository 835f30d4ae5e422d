// Test support for the examples: runs an example the way a user does, through a script of its
// package.json (`npm start` by default), as a child process with NATS_URL set, and bounds how long it may
// take. Only the examples' tests use this; the examples themselves never do.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, readlinkSync } from "node:fs";
import { basename, delimiter, join } from "node:path";

/**
 * How long an example may take, start to exit. Generous: most of it is tsx compiling the workspace sources
 * on a machine that may be running many suites at once; a hanging example still fails.
 */
export const EXAMPLE_BOUND_MS = 90_000;
/** Test timeout for a test that runs an example: the bound, plus the test's own set-up. */
export const TEST_TIMEOUT_MS = EXAMPLE_BOUND_MS + 30_000;

export interface ExampleRun {
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  /** The exit code; rejects when the process is still running after `timeoutMs`, and then kills it. */
  exited(timeoutMs: number): Promise<number | null>;
  /**
   * SIGTERM to the example's own process (the node process tsx runs), as a process manager sends it.
   * Not to tsx: its relay gives the example 30 ms to acknowledge a signal and otherwise kills it, which a
   * busy machine turns into a random exit 143.
   */
  terminate(): void;
}

export interface StartOptions {
  /** package.json script to run. @default "start" */
  readonly script?: string;
  /** Set in the child's environment; `undefined` removes a variable (NATS_URL is never inherited). */
  readonly env?: Record<string, string | undefined>;
}

/** Starts `npm run <script>` of the example in `dir`: the script's command line (a simple command), run by `sh -c`. */
export function startExample(dir: string, options: StartOptions = {}): ExampleRun {
  const scripts = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts ?? {};
  const command = scripts[options.script ?? "start"];
  if (typeof command !== "string") throw new Error(`${dir}/package.json has no script ${options.script}`);
  const { NATS_URL: _, ...inherited } = process.env;
  const env: Record<string, string | undefined> = {
    ...inherited,
    // As `npm run` does: the example's own binaries (tsx) first.
    PATH: `${join(dir, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`,
    ...options.env,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  // `exec`: the script's command replaces the shell, so its exit code is the example's own.
  const child: ChildProcess = spawn("sh", ["-c", `exec ${command}`], {
    cwd: dir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so terminate() and a timeout reach every process in it
  });
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const signal = (name: NodeJS.Signals) => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, name);
      } catch {
        // The group is already gone.
      }
    }
  };
  return {
    output: () => out,
    terminate: () => {
      const target = child.pid === undefined ? undefined : nodeChildOf(child.pid);
      if (target === undefined) return signal("SIGTERM");
      try {
        process.kill(target, "SIGTERM");
      } catch {
        // Already gone.
      }
    },
    exited: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          signal("SIGKILL");
          reject(new Error(`the example did not exit within ${timeoutMs} ms; its output:\n${out}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exit, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The node process `pid` (tsx) runs, from Linux's /proc; undefined elsewhere or when there is none. */
function nodeChildOf(pid: number): number | undefined {
  const list = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(list)) return undefined;
  const children = readFileSync(list, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  // By its executable, not /proc/<pid>/comm: Node 24 names its main thread "MainThread".
  return children.find((c) => {
    try {
      return basename(readlinkSync(`/proc/${c}/exe`)) === "node";
    } catch {
      return false;
    }
  });
}

/** Runs the example to its end: its exit code and output, or a rejection after `timeoutMs`. */
export async function runExample(
  dir: string,
  timeoutMs: number,
  options: StartOptions = {},
): Promise<{ code: number | null; output: string }> {
  const run = startExample(dir, options);
  const code = await run.exited(timeoutMs);
  return { code, output: run.output() };
}
