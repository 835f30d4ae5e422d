import type { NatsConnection } from "@nats-io/nats-core";
import { ClosedError, type Subscription } from "@natsflux/core";
import { Once, throwIfAborted } from "@natsflux/core/internal";
import type { Topology } from "@natsflux/gomessaging";
import { Transports } from "@natsflux/gomessaging";
import { connectNats } from "@natsflux/transport-nats/adapter";
import { natsClientOptions } from "./client-options.js";
import type { ConnectionOptions } from "./connection-options.js";
import { declareEndpoints } from "./declare-endpoints.js";
import { LifecycleError } from "./errors/lifecycle-error.js";
import { planConsumerGroups } from "./plan/consumer-groups.js";
import { checkConnectionOptions, resolveConfig } from "./resolve-config.js";
import { guardedLogger } from "./runtime/guarded-logger.js";
import type { RunningService } from "./runtime/running-service.js";
import type { Setup } from "./setup.js";

type State = "new" | "starting" | "started" | "closed";

/**
 * A service's connection to NATS (Go: `Connection`). Create it, `start()` it once with the service's
 * setups, publish through the `Publisher`s given to those setups, and `close()` it when done.
 *
 * States: new -> starting -> started -> closed. `close()` from any state ends in closed and is idempotent
 * (concurrent calls share one bounded close). `close()` during `start()` cancels the start: whatever it
 * opened is closed again and `start()` rejects with `ClosedError`. `start()` after `close()` rejects with
 * `LifecycleError`.
 */
export class Connection implements AsyncDisposable {
  readonly serviceName: string;
  readonly #options: ConnectionOptions;
  readonly #closeOnce = new Once();
  /** Fired by close() during start(): every start step stops waiting and start() unwinds. */
  readonly #cancelStart = new AbortController();
  #state: State = "new";
  #starting: Promise<void> | undefined;
  #endpoints: Topology["endpoints"] = [];
  #running: RunningService | undefined;

  /** Checks every option at once: a bad one throws `ConfigError` naming it. */
  constructor(options: ConnectionOptions) {
    this.#options = checkConnectionOptions(options);
    this.serviceName = this.#options.serviceName;
  }

  /** Every endpoint declared so far (available before and after `start()`). */
  topology(): Topology {
    return {
      transport: Transports.nats,
      serviceName: this.serviceName,
      endpoints: [...(this.#endpoints ?? [])],
    };
  }

  /**
   * Applies the option setups, declares the endpoints, connects, creates streams, consumers and
   * subscriptions, and wires the publishers. Resolves once every consumer is consuming. Can run once;
   * on failure everything it opened is closed again. Rejects with `ClosedError` when `close()` is called
   * before it finished.
   */
  start(...setups: Setup[]): Promise<void> {
    if (this.#state === "closed") {
      return Promise.reject(
        new LifecycleError("connection is closed: create a new Connection to start again"),
      );
    }
    if (this.#state !== "new") {
      return Promise.reject(new LifecycleError(`already started (connection is ${this.#state})`));
    }
    this.#state = "starting";
    this.#starting = this.#start(setups);
    return this.#starting;
  }

  /**
   * Stops consuming, waits for in-flight handlers and their acks (at most `drainTimeout`, then aborts their
   * signals), drains the connection (when natsflux opened it) and unwires the publishers. During `start()`
   * it cancels the start and waits for it to unwind. Idempotent; a never-started connection closes at once.
   */
  close(): Promise<void> {
    return this.#closeOnce.run(async () => {
      if (this.#state === "starting") {
        this.#cancelStart.abort(new Error("close() was called while start() was running"));
        await this.#starting?.catch(() => {});
      }
      this.#state = "closed";
      const running = this.#running;
      this.#running = undefined;
      await running?.close();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Subscriptions of the running service (for status inspection in tests and health checks). */
  get subscriptions(): readonly Subscription[] {
    return this.#running?.subscriptions ?? [];
  }

  async #start(setups: readonly Setup[]): Promise<void> {
    const signal = this.#cancelStart.signal;
    const owned = this.#options.connection === undefined;
    let nc: NatsConnection | undefined;
    let running: RunningService | undefined;
    try {
      const resolved = resolveConfig(this.serviceName, this.#options, setups);
      // Every log call of the service goes through the guard.
      const config = { ...resolved, logger: guardedLogger(resolved.logger) };
      const declarations = declareEndpoints(config, setups);
      const groups = planConsumerGroups(declarations.streamConsumers, config.consumerDefaults);
      nc = this.#options.connection ?? (await this.#connect(signal));
      // Loaded by the first start, not at import: the transports' runtime is most of a cold import.
      const { startRuntime } = await import("./runtime/start-runtime.js");
      running = await startRuntime({
        nc,
        owned,
        config,
        declarations,
        groups,
        metrics: config.metrics,
        drainTimeout: config.drainTimeout,
        signal,
      });
      // close() may have come after the last step noticed: it must not find a running service it never saw.
      throwIfAborted(signal, "start");
      this.#running = running;
      this.#endpoints = declarations.endpoints;
      this.#state = "started";
      config.logger.info("connection started", {
        consumers: groups.length,
        subscriptions: declarations.serviceHandlers.length,
      });
    } catch (error) {
      if (running !== undefined) await running.close().catch(() => {});
      if (owned && nc !== undefined && !nc.isClosed()) await nc.close().catch(() => {});
      this.#state = "closed";
      if (signal.aborted) throw new ClosedError("connection", signal.reason);
      throw error;
    }
  }

  async #connect(signal: AbortSignal): Promise<NatsConnection> {
    try {
      return await connectNats(natsClientOptions(this.#options), signal);
    } catch (error) {
      if (signal.aborted) throw error;
      throw new LifecycleError(
        `failed to connect to NATS: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** Creates a connection for `serviceName`; nothing connects until `start()`. */
export function createConnection(options: ConnectionOptions): Connection {
  return new Connection(options);
}
