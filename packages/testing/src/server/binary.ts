import { execFileSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { NatsServerNotFoundError } from "./errors.js";

const DEBIAN_PATH = "/usr/sbin/nats-server";
const HOW_TO_GET_ONE =
  "Run `bash scripts/ensure-nats-server.sh` from the repository root (it prints the path of a nats-server, " +
  "building the pinned release with Go when needed) and export NATS_SERVER_BIN=<that path>, " +
  "or `apt-get install nats-server`, or set NATS_SERVER_BIN to any nats-server binary.";

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The nats-server binary the harness runs: `$NATS_SERVER_BIN`, else `nats-server` on PATH, else Debian's
 * /usr/sbin/nats-server. A set but unusable NATS_SERVER_BIN is an error rather than silently ignored,
 * so a run never tests a different server than the one asked for.
 */
export function serverBinary(): string {
  const fromEnv = process.env.NATS_SERVER_BIN?.trim();
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return fromEnv;
    throw new NatsServerNotFoundError(
      `NATS_SERVER_BIN=${fromEnv} is not an executable file. ${HOW_TO_GET_ONE}`,
    );
  }
  const found = onPath("nats-server") ?? (isExecutableFile(DEBIAN_PATH) ? DEBIAN_PATH : undefined);
  if (found !== undefined) return found;
  throw new NatsServerNotFoundError(`No nats-server binary found. ${HOW_TO_GET_ONE}`);
}

const versions = new Map<string, string>();

/** The version of `bin` (default `serverBinary()`) without the "v", e.g. "2.15.2"; cached per binary. */
export function serverVersion(bin: string = serverBinary()): string {
  const cached = versions.get(bin);
  if (cached !== undefined) return cached;
  let output: string;
  try {
    output = execFileSync(bin, ["--version"], { encoding: "utf8", timeout: 10_000 });
  } catch (error) {
    throw new NatsServerNotFoundError(`\`${bin} --version\` failed (${String(error)}). ${HOW_TO_GET_ONE}`);
  }
  // "nats-server: v2.15.2"
  const match = /v?(\d+\.\d+\.\d+\S*)/.exec(output);
  if (!match?.[1])
    throw new NatsServerNotFoundError(`Cannot parse the version of ${bin} from "${output.trim()}".`);
  versions.set(bin, match[1]);
  return match[1];
}

const announced = new Set<string>();

/** Logs once per process and binary which server the tests run against, so test output records it. */
export function announceServer(bin: string, version: string): void {
  if (announced.has(bin)) return;
  announced.add(bin);
  console.info(`[@natsflux/testing] using nats-server ${version} at ${bin}`);
}
