/** Options of `startServer`. */
export interface ServerOptions {
  /** Enable JetStream with its own temp store dir. Default true. */
  jetstream?: boolean;
  /**
   * Extra nats-server config text (TLS, users, nkeys, accounts, authorization...), appended to the
   * generated config, so its top-level keys replace the generated ones (a whole block, not merged).
   * Use absolute paths. A replacement `jetstream {}` block should say `store_dir: $NATSFLUX_STORE_DIR`
   * (set in the server's environment), or JetStream falls back to a shared default dir.
   */
  config?: string;
  /** Extra command-line arguments (after `-c <generated config>`). */
  args?: string[];
  /** The nats-server binary. Default `serverBinary()`. */
  bin?: string;
  /** server_name. Default a unique "nats_xxxxxxxx". */
  name?: string;
  /** Bound on the wait for readiness at start and restart. Default 20 000 ms. */
  readyTimeoutMs?: number;
}

/**
 * A nats-server child process on loopback. `stop()`/`kill()` end the process but keep its port and
 * store dir for `restart()`; disposing stops it and deletes the store dir (the final stop).
 */
export interface NatsServer extends AsyncDisposable {
  /** "nats://127.0.0.1:<port>" */
  readonly url: string;
  readonly port: number;
  /** HTTP monitoring endpoint, e.g. "http://127.0.0.1:<port>" (always enabled). */
  readonly monitorUrl: string;
  /** JetStream store dir (exists even with JetStream off). */
  readonly storeDir: string;
  /** server_name */
  readonly name: string;
  /** e.g. "2.15.2" */
  readonly version: string;
  /** Process id while running. */
  readonly pid: number | undefined;
  readonly running: boolean;
  /** SIGTERM, then await exit (SIGKILL after a bound). Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL, then await exit. Idempotent. */
  kill(): Promise<void>;
  /**
   * Lame-duck mode, as operators restart a node: `nats-server --signal ldm=<pid>`. The server stops accepting
   * clients and shuts JetStream down at once, then after `lame_duck_grace_period` (default 10 s) closes its
   * clients spread over `lame_duck_duration` (default 2 min, at least 30 s) and exits. Resolves at the exit;
   * `timeoutMs` (default 150 000) bounds the wait, after which it is killed and this rejects. Idempotent.
   */
  lameDuck(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops if running, then starts again on the same ports with the same store dir; resolves when ready. */
  restart(): Promise<void>;
  /** The last `lines` lines the server logged (stderr/stdout), for diagnostics. */
  logTail(lines?: number): string;
}
