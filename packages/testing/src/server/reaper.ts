import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

// Every nats-server child and temp dir still alive; reaped synchronously when this process goes away,
// so a failing or interrupted test run leaves no servers and no store dirs behind.
const children = new Set<ChildProcess>();
const dirs = new Set<string>();
let installed = false;

function reapAll(): void {
  for (const child of children) {
    try {
      child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
  children.clear();
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort at exit.
    }
  }
  dirs.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", reapAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const onSignal = (): void => {
      reapAll();
      // Listening for a signal disables Node's default "terminate"; restore it when nobody else handles it.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

export function trackChild(child: ChildProcess): void {
  install();
  children.add(child);
}

export function untrackChild(child: ChildProcess): void {
  children.delete(child);
}

export function trackDir(dir: string): void {
  install();
  dirs.add(dir);
}

export function untrackDir(dir: string): void {
  dirs.delete(dir);
}
