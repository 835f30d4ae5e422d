import type { FacadeOptions } from "./connection-options.js";
import type { StreamLimits } from "./stream-limits.js";
import type { TracingSettings } from "./tracing-options.js";

type Defaulted =
  | "logger"
  | "requestTimeout"
  | "streamDefaults"
  | "consumerDefaults"
  | "metrics"
  | "drainTimeout";

/**
 * The service's configuration once ConnectionOptions and option setups are resolved (see `resolveConfig`):
 * the options (defaults filled in), tracing resolved, and stream limits keyed by NATS stream name.
 */
export interface FacadeConfig
  extends Readonly<Required<Pick<FacadeOptions, Defaulted>>>,
    Pick<FacadeOptions, "onNotification" | "onError" | "onStatus"> {
  readonly serviceName: string;
  readonly tracing: TracingSettings;
  readonly streams: ReadonlyMap<string, StreamLimits>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How long close() lets handlers finish by default (ConnectionOptions.drainTimeout). */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
