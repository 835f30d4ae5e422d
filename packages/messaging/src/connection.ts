import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { ConfigError, type Subscription } from "@natsflux/core";
import { Once } from "@natsflux/core/internal";
import type { Topology } from "@natsflux/spec";
import { Transports } from "@natsflux/spec";
import { natsClientOptions } from "./client-options.js";
import { DEFAULT_REQUEST_TIMEOUT_MS, type FacadeConfig } from "./config.js";
import type { ConnectionOptions } from "./connection-options.js";
import { Declarations } from "./declarations.js";
import { LifecycleError } from "./errors/lifecycle-error.js";
import { SetupError } from "./errors/setup-error.js";
import { consoleLogger } from "./logger.js";
import { noopMetrics } from "./metrics-recorder.js";
import { planConsumerGroups } from "./plan/consumer-groups.js";
import type { RunningService } from "./runtime/running-service.js";
import { startRuntime } from "./runtime/start-runtime.js";
import type { Setup } from "./setup.js";
import { validateStreamLimits } from "./stream-limits.js";
import { tracingSettings } from "./tracing-options.js";

type State = "new" | "starting" | "started" | "closed";

/**
 * A service's connection to NATS (Go: `Connection`). Create it, `start()` it once with the service's
 * setups, publish through the `Publisher`s given to those setups, and `close()` it when done.
 */
export class Connection implements AsyncDisposable {
  readonly serviceName: string;
  readonly #options: ConnectionOptions;
  readonly #closeOnce = new Once();
  #state: State = "new";
  #endpoints: Topology["endpoints"] = [];
  #running: RunningService | undefined;

  constructor(options: ConnectionOptions) {
    if (!options.serviceName) throw new ConfigError("serviceName", "service name must not be empty");
    if (options.connection === undefined && (options.servers === undefined || options.servers.length === 0)) {
      throw new ConfigError("servers", "NATS URL must not be empty (give servers or an existing connection)");
    }
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
   * on failure everything it opened is closed again.
   */
  async start(...setups: Setup[]): Promise<void> {
    if (this.#state !== "new") throw new LifecycleError(`already started (connection is ${this.#state})`);
    this.#state = "starting";
    try {
      const config = baseConfig(this.#options);
      const declarations = declare(config, setups);
      const groups = planConsumerGroups(declarations.streamConsumers, config.consumerDefaults);
      const owned = this.#options.connection === undefined;
      const nc = this.#options.connection ?? (await this.#connect());
      try {
        this.#running = await startRuntime({
          nc,
          owned,
          config,
          declarations,
          groups,
          metrics: this.#options.metrics ?? noopMetrics,
          drainTimeout: this.#options.drainTimeout ?? 10_000,
        });
      } catch (error) {
        if (owned) await nc.close().catch(() => {});
        throw error;
      }
      this.#endpoints = declarations.endpoints;
      this.#state = "started";
      config.logger.info("connection started", {
        consumers: groups.length,
        subscriptions: declarations.serviceHandlers.length,
      });
    } catch (error) {
      this.#state = "closed";
      throw error;
    }
  }

  /**
   * Stops consuming, waits for in-flight handlers and their acks, drains the connection (when natsflux
   * opened it) and unwires the publishers. Idempotent; a never-started connection closes at once.
   */
  close(): Promise<void> {
    return this.#closeOnce.run(async () => {
      const running = this.#running;
      this.#running = undefined;
      if (this.#state === "new") this.#state = "closed";
      if (running === undefined) return;
      this.#state = "closed";
      await running.close();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Subscriptions of the running service (for status inspection in tests and health checks). */
  get subscriptions(): readonly Subscription[] {
    return this.#running?.subscriptions ?? [];
  }

  #connect(): Promise<NatsConnection> {
    return connect(natsClientOptions(this.#options)).catch((error: unknown) => {
      throw new LifecycleError(
        `failed to connect to NATS: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
}

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
