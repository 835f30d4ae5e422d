import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { RpcClient } from "./rpc-client.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The adapter as the runner runs it: a child process with requests on stdin and a pipe on fd 3 for the
 * responses. It runs from source (tsx, with the workspace's source export condition), so no build is needed.
 */
export class AdapterProcess {
  readonly client: RpcClient;
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #stderr = "";

  private constructor(env: NodeJS.ProcessEnv, withResponsePipe: boolean) {
    this.child = spawn(
      process.execPath,
      ["--conditions=@natsflux/source", "--import", "tsx", join(packageDir, "src/main.ts")],
      {
        cwd: packageDir,
        env: { ...process.env, TCK_ADAPTER_LOG_LEVEL: "warn", ...env },
        stdio: withResponsePipe ? ["pipe", "ignore", "pipe", "pipe"] : ["pipe", "ignore", "pipe"],
      },
    );
    const stdin = this.child.stdin as Writable;
    stdin.on("error", () => {}); // the adapter may be gone when a test writes
    this.client = new RpcClient((line) => stdin.write(`${line}\n`));
    (this.child.stderr as Readable).on("data", (chunk: Buffer) => {
      this.#stderr += chunk.toString("utf8");
    });
    const responses = this.child.stdio[3] as Readable | null | undefined;
    if (responses) createInterface({ input: responses }).on("line", (line) => this.client.receive(line));
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => resolve({ code, signal }));
    });
  }

  static start(env: NodeJS.ProcessEnv = {}, options: { responsePipe?: boolean } = {}): AdapterProcess {
    return new AdapterProcess(env, options.responsePipe ?? true);
  }

  get stderr(): string {
    return this.#stderr;
  }

  closeStdin(): void {
    this.child.stdin?.end();
  }

  /** Ends the process if a test left it running (by its own PID, never by name). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }
}
