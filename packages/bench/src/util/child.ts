import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { withDeadline } from "./async.js";

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface Child {
  readonly process: ChildProcess;
  /** Lines the child printed on stdout, in order. */
  readonly lines: string[];
  /** Resolves with the first stdout line that satisfies `match`. */
  waitForLine(match: (line: string) => boolean, ms: number, what: string): Promise<string>;
  /** Resolves with the exit code (null when killed). */
  readonly exited: Promise<number | null>;
  /** Closes stdin (the child's cue to exit), then SIGTERM, then SIGKILL, each after a bound. */
  stop(): Promise<void>;
}

/**
 * Runs a TypeScript module of this package in a child node with the same loader flags as this process (tsx,
 * the source condition), so children need no build either.
 */
export function spawnChild(module: URL, args: readonly string[], nodeFlags: readonly string[] = []): Child {
  const child = spawn(process.execPath, [...process.execArgv, ...nodeFlags, fileURLToPath(module), ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  running.add(child);
  const lines: string[] = [];
  const watchers: Array<(line: string) => void> = [];
  let partial = "";
  child.stdout?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => {
    partial += chunk;
    let newline = partial.indexOf("\n");
    while (newline >= 0) {
      const line = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      lines.push(line);
      for (const watch of [...watchers]) watch(line);
      newline = partial.indexOf("\n");
    }
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  return {
    process: child,
    lines,
    exited,
    waitForLine(match, ms, what) {
      const found = lines.find(match);
      if (found !== undefined) return Promise.resolve(found);
      const line = new Promise<string>((resolve, reject) => {
        const watch = (l: string) => {
          if (!match(l)) return;
          watchers.splice(watchers.indexOf(watch), 1);
          resolve(l);
        };
        watchers.push(watch);
        void exited.then((code) => reject(new Error(`${what}: child exited with ${code} first`)));
      });
      return withDeadline(line, ms, what);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin?.end();
      const gone = (ms: number) =>
        withDeadline(exited, ms, "child exit").then(
          () => true,
          () => false,
        );
      if (await gone(3_000)) return;
      child.kill("SIGTERM");
      if (await gone(3_000)) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
