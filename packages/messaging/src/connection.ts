import type { NatsConnection } from "@nats-io/nats-core";
import { ClosedError, ConfigError, type Subscription } from "@natsflux/core";
import { Once, throwIfAborted, validTimeout } from "@natsflux/core/internal";
import type { Topology } from "@natsflux/spec";
import { Transports } from "@natsflux/spec";
import { connectNats } from "@natsflux/transport-nats/adapter";
import { natsClientOptions } from "./client-options.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, type FacadeConfig } from "./config.js";
import type { ConnectionOptions } from "./connection-options.js";
import { Declarations } from "./declarations.js";
import { LifecycleError } from "./errors/lifecycle-error.js";
import { SetupError } from "./errors/setup-error.js";
import { consoleLogger } from "./logger.js";
import { noopMetrics } from "./metrics-recorder.js";
import { planConsumerGroups } from "./plan/consumer-groups.js";
import { guardedLogger } from "./runtime/guarded-logger.js";
import type { RunningService } from "./runtime/running-service.js";
import type { Setup } from "./setup.js";
import { validateStreamLimits } from "./stream-limits.js";
import { tracingSettings } from "./tracing-options.js";

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

  constructor(options: ConnectionOptions) {
    if (!options.serviceName) throw new ConfigError("serviceName", "service name must not be empty");
    if (options.connection === undefined && (options.servers === undefined || options.servers.length === 0)) {
      throw new ConfigError("servers", "NATS URL must not be empty (give servers or an existing connection)");
    }
    if (options.drainTimeout !== undefined) validTimeout(options.drainTimeout, "drainTimeout");
    this.serviceName = options.serviceName;
    this.#options = options;
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
      const config = baseConfig(this.#options);
      const declarations = declare(config, setups);
      // After the option setups, which may replace it: every log call of the service goes through the guard.
      config.logger = guardedLogger(config.logger);
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
        metrics: this.#options.metrics ?? noopMetrics,
        drainTimeout: this.#options.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT_MS,
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

/** How long close() lets handlers finish by default (ConnectionOptions.drainTimeout). */
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** Creates a connection for `serviceName`; nothing connects until `start()`. */
export function createConnection(options: ConnectionOptions): Connection {
  return new Connection(options);
}

function baseConfig(options: ConnectionOptions): FacadeConfig {
  const streams = new Map(
    Object.entries(options.streams ?? {}).map(([name, limits]) => [
      name,
      validateStreamLimits(`streams.${name}`, limits),
    ]),
  );
  return {
    serviceName: options.serviceName,
    logger: options.logger ?? consoleLogger(options.serviceName, options.logLevel),
    tracing: tracingSettings(options),
    requestTimeout: options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
    streamDefaults: validateStreamLimits("streamDefaults", options.streamDefaults ?? {}),
    streams,
    consumerDefaults: options.consumerDefaults ?? {},
    drainTimeout: options.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT_MS,
    onNotification: options.onNotification,
    onError: options.onError,
    onStatus: options.onStatus,
  };
}

/** Options first (wherever they appear), then endpoints in order: no setup depends on its position. */
export function declare(config: FacadeConfig, setups: readonly Setup[]): Declarations {
  for (const setup of setups) {
    if (setup.kind !== "option") continue;
    try {
      setup.apply(config);
    } catch (error) {
      throw new SetupError(setup.description, error);
    }
  }
  const declarations = new Declarations(config.serviceName);
  for (const setup of setups) {
    if (setup.kind !== "endpoint") continue;
    try {
      setup.declare(declarations, config);
    } catch (error) {
      throw new SetupError(setup.description, error);
    }
  }
  return declarations;
}
