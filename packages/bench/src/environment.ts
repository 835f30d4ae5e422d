import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, cpus, loadavg, release, totalmem, type } from "node:os";
import { dirname, join } from "node:path";
import type { Environment } from "./results.js";

const require = createRequire(import.meta.url);

/** The installed version of a dependency, read from its package.json (its exports map may hide it). */
function installedVersion(name: string): string {
  try {
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 5; i++) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === name && manifest.version) return manifest.version;
      } catch {
        // Not here; look one level up.
      }
      dir = dirname(dir);
    }
  } catch {
    // Not installed.
  }
  return "unknown";
}

function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      encoding: "utf8",
    });
    return dirty.trim() === "" ? commit : `${commit} (with uncommitted changes)`;
  } catch {
    return "unknown";
  }
}

export function environment(server: { version: string; bin: string }, loadAtStart: number): Environment {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cpus: availableParallelism(),
    totalMemoryBytes: totalmem(),
    os: `${type()} ${release()}`,
    node: process.version,
    natsServer: server.version,
    natsServerBin: server.bin,
    clients: Object.fromEntries(
      ["@nats-io/nats-core", "@nats-io/jetstream", "@nats-io/transport-node"].map((n) => [
        n,
        installedVersion(n),
      ]),
    ),
    commit: gitCommit(),
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
  };
}

export const currentLoad = (): number => loadavg()[0] ?? 0;
