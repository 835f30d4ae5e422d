import { ConfigError } from "@natsflux/core";
import {
  validFunction,
  validMethods,
  validOneOf,
  validRecord,
  validTimeout,
  validTimeouts,
  validWholeNumber,
} from "@natsflux/core/internal";
import { assertStreamName, natsStreamName } from "@natsflux/gomessaging";
import { DEFAULT_DRAIN_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, type FacadeConfig } from "./config.js";
import type { ConnectionOptions, ConsumerDefaults, FacadeOptions } from "./connection-options.js";
import { SetupError } from "./errors/setup-error.js";
import { consoleLogger, type LogLevel } from "./logger.js";
import { noopMetrics } from "./metrics-recorder.js";
import type { Setup } from "./setup.js";
import { type StreamLimits, validateStreamLimits } from "./stream-limits.js";
import { tracingSettings, validConsumerTraceMode } from "./tracing-options.js";

type Check<K extends keyof FacadeOptions> = (
  field: K,
  value: NonNullable<FacadeOptions[K]>,
) => FacadeOptions[K];

/** The one rule per option, whether it comes from `createConnection` or from an option setup. */
const checks: { readonly [K in keyof FacadeOptions]-?: Check<K> } = {
  logger: (field, v) => validMethods(field, v, ["debug", "info", "warn", "error"]),
  logLevel: (field, v) => validOneOf<LogLevel>(field, v, ["debug", "info", "warn", "error", "silent"]),
  requestTimeout: (field, v) => validTimeout(v, field),
  drainTimeout: (field, v) => validTimeout(v, field),
  streamDefaults: validateStreamLimits,
  streams: (_, v) => checkStreams(v),
  consumerDefaults: (_, v) => checkConsumerDefaults(v),
  onNotification: validFunction,
  onError: validFunction,
  onStatus: validFunction,
  metrics: (field, v) => validMethods(field, v, Object.keys(noopMetrics)),
  tracerProvider: (field, v) => validMethods(field, v, ["getTracer"]),
  propagator: (field, v) => validMethods(field, v, ["inject", "extract", "fields"]),
  spanNameFn: validFunction,
  publishSpanNameFn: validFunction,
  consumerTraceMode: (_, v) => validConsumerTraceMode(v),
};

const facadeKeys = Object.keys(checks);
const connectionKeys = ["serviceName", "servers", "nats", "connection", ...facadeKeys];

function checkStreams(streams: Readonly<Record<string, StreamLimits>>): Record<string, StreamLimits> {
  const checked: Record<string, StreamLimits> = {};
  for (const [raw, limits] of Object.entries(validRecord("streams", streams))) {
    if (raw === "") throw new ConfigError("streams", "stream name must not be empty");
    const name = natsStreamName(raw);
    assertStreamName(name);
    checked[name] = validateStreamLimits(`streams.${name}`, limits as StreamLimits);
  }
  return checked;
}

function checkConsumerDefaults(defaults: ConsumerDefaults): ConsumerDefaults {
  const { maxDeliver, backOff } = validRecord("consumerDefaults", defaults, ["maxDeliver", "backOff"]);
  return {
    ...(maxDeliver === undefined
      ? {}
      : { maxDeliver: validWholeNumber("consumerDefaults.maxDeliver", maxDeliver) }),
    ...(backOff === undefined ? {} : { backOff: validTimeouts("consumerDefaults.backOff", backOff) }),
  };
}

/** Checks every option that is set; returns them normalized (stream names as on NATS, copied lists). */
function checkOptions(options: FacadeOptions): FacadeOptions {
  const checked: Record<string, unknown> = {};
  for (const key of facadeKeys as (keyof FacadeOptions)[]) {
    const value = options[key];
    if (value !== undefined) checked[key] = (checks[key] as Check<typeof key>)(key, value as never);
  }
  return checked as FacadeOptions;
}

function checkServiceName(serviceName: unknown): string {
  if (typeof serviceName !== "string" || serviceName === "") {
    throw new ConfigError("serviceName", "service name must not be empty");
  }
  return serviceName;
}

/**
 * Checks `createConnection`'s options: the service name, where to connect, and every facade option (by
 * the rules option setups follow). An unknown key fails, so a nats.js option outside `nats` is not lost.
 */
export function checkConnectionOptions(options: ConnectionOptions): ConnectionOptions {
  validRecord("", options, connectionKeys, " (nats.js connection options go in `nats`)");
  const serviceName = checkServiceName(options.serviceName);
  const { servers, nats, connection } = options;
  if (connection !== undefined) {
    validMethods("connection", connection, ["close", "isClosed"]);
    if (servers !== undefined) throw new ConfigError("servers", "not used with an existing connection");
    if (nats !== undefined) throw new ConfigError("nats", "not used with an existing connection");
  } else {
    const urls = typeof servers === "string" ? [servers] : servers;
    if (!Array.isArray(urls) || urls.length === 0 || urls.some((u) => typeof u !== "string" || u === "")) {
      throw new ConfigError("servers", "NATS URL must not be empty (give servers or an existing connection)");
    }
    if (nats !== undefined && "servers" in validRecord("nats", nats)) {
      throw new ConfigError("nats.servers", "give servers beside `nats`, not in it");
    }
  }
  return { ...checkOptions(options), serviceName, servers, nats, connection };
}

/**
 * Resolves the service's configuration: `base` (checked ConnectionOptions) overlaid by each option setup in
 * turn, every setup checked by the same rules (a failure names the setup). Defaults fill the rest.
 */
export function resolveConfig(
  serviceName: string,
  base: FacadeOptions,
  setups: readonly Setup[],
): FacadeConfig {
  checkServiceName(serviceName);
  let options = base;
  for (const setup of setups) {
    if (setup.kind !== "option") continue;
    try {
      const next = checkOptions(setup.options);
      options = { ...options, ...next, streams: { ...options.streams, ...next.streams } };
    } catch (error) {
      throw new SetupError(setup.description, error);
    }
  }
  return {
    serviceName,
    logger: options.logger ?? consoleLogger(serviceName, options.logLevel),
    tracing: tracingSettings(options),
    requestTimeout: options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS,
    streamDefaults: options.streamDefaults ?? {},
    streams: new Map(Object.entries(options.streams ?? {})),
    consumerDefaults: options.consumerDefaults ?? {},
    onNotification: options.onNotification,
    onError: options.onError,
    onStatus: options.onStatus,
    metrics: options.metrics ?? noopMetrics,
    drainTimeout: options.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT_MS,
  };
}
