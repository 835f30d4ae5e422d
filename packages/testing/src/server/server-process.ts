import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigSpec, renderConfig } from "./config.js";
import { ServerStartError, ServerTimeoutError } from "./errors.js";
import { LogTail } from "./log-tail.js";
import type { NatsServer } from "./nats-server.js";
import { healthy, probeClientPort, sleep } from "./readiness.js";
import { trackChild, trackDir, untrackChild, untrackDir } from "./reaper.js";

const STOP_GRACE_MS = 10_000;
const KILL_WAIT_MS = 5_000;
const LAME_DUCK_WAIT_MS = 150_000;
const SIGNAL_COMMAND_MS = 5_000;

/** Everything needed to (re)start one server; fixed at creation so restart() reuses ports and dirs. */
export interface ProcessSpec {
  bin: string;
  version: string;
  name: string;
  port: number;
  monitorPort: number;
  jetstream: boolean;
  args: readonly string[];
  readyTimeoutMs: number;
  /** Caller config text (appended to the generated config). */
  extra?: string | undefined;
  cluster?: ConfigSpec["cluster"];
}

/** Creates the temp dir, store dir and config file of a server; does not start it. */
export async function prepareServer(spec: ProcessSpec): Promise<ServerProcess> {
  const rootDir = await mkdtemp(join(tmpdir(), "natsflux-server-"));
  trackDir(rootDir);
  const storeDir = join(rootDir, "store");
  await mkdir(storeDir);
  const configFile = join(rootDir, "server.conf");
  const config = renderConfig({
    name: spec.name,
    port: spec.port,
    monitorPort: spec.monitorPort,
    storeDir: spec.jetstream ? storeDir : undefined,
    cluster: spec.cluster,
    extra: spec.extra,
  });
  await writeFile(configFile, config);
  return new ServerProcess(spec, rootDir, storeDir, configFile);
}

export class ServerProcess implements NatsServer {
  readonly url: string;
  readonly port: number;
  readonly monitorUrl: string;
  readonly storeDir: string;
  readonly name: string;
  readonly version: string;
  readonly #spec: ProcessSpec;
  readonly #rootDir: string;
  readonly #configFile: string;
  readonly #log = new LogTail();
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #exitDescription = "";
  #disposing: Promise<void> | undefined;

  constructor(spec: ProcessSpec, rootDir: string, storeDir: string, configFile: string) {
    this.#spec = spec;
    this.#rootDir = rootDir;
    this.#configFile = configFile;
    this.storeDir = storeDir;
    this.name = spec.name;
    this.version = spec.version;
    this.port = spec.port;
    this.url = `nats://127.0.0.1:${spec.port}`;
    this.monitorUrl = `http://127.0.0.1:${spec.monitorPort}`;
  }

  get running(): boolean {
    const child = this.#child;
    return (
      child !== undefined && child.exitCode === null && child.signalCode === null && child.pid !== undefined
    );
  }

  get pid(): number | undefined {
    return this.running ? this.#child?.pid : undefined;
  }

  logTail(lines = 40): string {
    return this.#log.tail(lines);
  }

  /** Spawns the process and resolves once it is ready; on failure the process is killed. */
  async start(): Promise<void> {
    if (this.#disposing) throw new Error(`nats-server ${this.name} was disposed; it cannot start again`);
    if (this.running) return;
    this.#spawn();
    try {
      await this.#waitReady();
    } catch (error) {
      await this.kill().catch(() => {});
      throw error;
    }
  }

  stop(): Promise<void> {
    return this.#terminate("SIGTERM");
  }

  kill(): Promise<void> {
    return this.#terminate("SIGKILL");
  }

  async lameDuck(options: { timeoutMs?: number } = {}): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const timeoutMs = options.timeoutMs ?? LAME_DUCK_WAIT_MS;
    this.#log.append(`--- lame duck: ${this.#spec.bin} --signal ldm=${child.pid}\n`);
    await new Promise<void>((resolve, reject) => {
      execFile(
        this.#spec.bin,
        ["--signal", `ldm=${child.pid}`],
        { timeout: SIGNAL_COMMAND_MS },
        (error, stdout, stderr) => {
          this.#log.append(`${stdout}${stderr}`);
          if (error)
            reject(new ServerTimeoutError(`nats-server --signal ldm=${child.pid} failed: ${error.message}`));
          else resolve();
        },
      );
    });
    if (await this.#waitExit(timeoutMs)) return;
    this.#log.append(`--- no exit ${timeoutMs} ms after lame duck, sending SIGKILL\n`);
    await this.kill();
    throw new ServerTimeoutError(
      `nats-server ${this.name} (pid ${child.pid}) did not exit ${timeoutMs} ms after lame duck`,
    );
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  [Symbol.asyncDispose](): Promise<void> {
    this.#disposing ??= this.#dispose();
    return this.#disposing;
  }

  async #dispose(): Promise<void> {
    try {
      await this.stop();
    } finally {
      await rm(this.#rootDir, { recursive: true, force: true });
      untrackDir(this.#rootDir);
    }
  }

  #spawn(): void {
    this.#log.append(`--- starting ${this.#spec.bin} -c ${this.#configFile} ${this.#spec.args.join(" ")}\n`);
    const child = spawn(this.#spec.bin, ["-c", this.#configFile, ...this.#spec.args], {
      stdio: ["ignore", "pipe", "pipe"],
      // Lets caller config that replaces the generated `jetstream {}` block keep this server's store dir.
      env: { ...process.env, NATSFLUX_STORE_DIR: this.storeDir },
    });
    this.#child = child;
    trackChild(child);
    child.stdout?.on("data", (chunk: Buffer) => this.#log.append(chunk));
    child.stderr?.on("data", (chunk: Buffer) => this.#log.append(chunk));
    this.#exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        untrackChild(child);
        this.#exitDescription = signal ? `signal ${signal}` : `exit code ${code}`;
        resolve();
      });
      child.once("error", (error) => {
        this.#log.append(`spawn error: ${error.message}\n`);
        if (child.pid === undefined) {
          untrackChild(child);
          this.#exitDescription = `spawn failed: ${error.message}`;
          resolve();
        }
      });
    });
    // A forgotten server must not keep the test process alive: the reaper kills it at exit. Waits on
    // the process (readiness, stop) hold their own timers, which keep the event loop running meanwhile.
    child.unref();
    (child.stdout as Socket | null)?.unref();
    (child.stderr as Socket | null)?.unref();
  }

  async #waitReady(): Promise<void> {
    const { readyTimeoutMs, jetstream, extra } = this.#spec;
    // A server_name in the caller's config replaces ours, so the INFO check can only use ours if unset.
    const expectName = !/\bserver_name\b/.test(extra ?? "");
    const deadline = Date.now() + readyTimeoutMs;
    let portAccepted = false;
    let waitingFor = "the client port to accept connections";
    for (let interval = 20; ; interval = Math.min(interval * 2, 250)) {
      if (!this.running) {
        throw new ServerStartError(
          `nats-server ${this.name} exited (${this.#exitDescription}) before it was ready`,
          this.#log.tail(),
        );
      }
      if (!portAccepted) {
        const probe = await probeClientPort(this.port);
        const reported = probe.info?.server_name;
        if (probe.accepted && expectName && typeof reported === "string" && reported !== this.name) {
          throw new ServerStartError(
            `port ${this.port} is answered by server "${reported}", not by ${this.name}: another process holds it`,
            this.#log.tail(),
            { addressInUse: true },
          );
        }
        portAccepted = probe.accepted;
      }
      if (portAccepted) {
        waitingFor = `${this.monitorUrl}/healthz to report ok`;
        if ((!jetstream || (await healthy(this.monitorUrl))) && this.running) return;
      }
      if (Date.now() >= deadline) {
        throw new ServerStartError(
          `nats-server ${this.name} was not ready within ${readyTimeoutMs} ms (waiting for ${waitingFor})`,
          this.#log.tail(),
        );
      }
      await Promise.race([sleep(interval), this.#exited]);
    }
  }

  async #terminate(signal: "SIGTERM" | "SIGKILL"): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    child.kill(signal);
    if (await this.#waitExit(signal === "SIGTERM" ? STOP_GRACE_MS : KILL_WAIT_MS)) return;
    if (signal === "SIGTERM") {
      this.#log.append(`--- no exit ${STOP_GRACE_MS} ms after SIGTERM, sending SIGKILL\n`);
      child.kill("SIGKILL");
      if (await this.#waitExit(KILL_WAIT_MS)) return;
    }
    throw new ServerTimeoutError(`nats-server ${this.name} (pid ${child.pid}) did not exit after SIGKILL`);
  }

  /** True when the process exited within `ms`; the timer also keeps the event loop alive meanwhile. */
  async #waitExit(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    try {
      return await Promise.race([this.#exited.then(() => true as const), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
