import type { StatusListener } from "@natsflux/core";
import type { Logger } from "./logger.js";
import type { MetricsRecorder } from "./metrics-recorder.js";
import type { ErrorNotificationHandler, NotificationHandler } from "./notifications.js";
import type { StreamLimits } from "./stream-limits.js";
import type { TracingSettings } from "./tracing-options.js";

/** Connection-wide consumer settings (Go: `ConsumerDefaults`). */
export interface ConsumerDefaults {
  /** Deliveries before the server gives up on a message; 0 or absent means unlimited. */
  readonly maxDeliver?: number;
  /** Redelivery delays in ms (consumer `backoff`); failing handlers also nak with these delays. */
  readonly backOff?: ReadonlyArray<number>;
}

/** The service's configuration once ConnectionOptions and option setups are resolved (see `resolveConfig`). */
export interface FacadeConfig {
  readonly serviceName: string;
  readonly logger: Logger;
  /** Tracer provider, propagator, span names and consumer trace mode. */
  readonly tracing: TracingSettings;
  /** Milliseconds a service publisher waits for the reply. */
  readonly requestTimeout: number;
  readonly streamDefaults: StreamLimits;
  /** Per-stream limits keyed by NATS stream name; they replace the defaults entirely. */
  readonly streams: ReadonlyMap<string, StreamLimits>;
  readonly consumerDefaults: ConsumerDefaults;
  readonly onNotification: NotificationHandler | undefined;
  readonly onError: ErrorNotificationHandler | undefined;
  readonly onStatus: StatusListener | undefined;
  readonly metrics: MetricsRecorder;
  /** Milliseconds close() lets handlers finish before stopping them; subscriptions get it too. */
  readonly drainTimeout: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** How long close() lets handlers finish by default (ConnectionOptions.drainTimeout). */
export const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;
