import type { StatusListener } from "@natsflux/core";
import type { Logger } from "./logger.js";
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

/** Everything the setups may read, after every option has been applied (options first, whatever their order). */
export interface FacadeConfig {
  readonly serviceName: string;
  logger: Logger;
  /** Tracer provider, propagator, span names and consumer trace mode (fields set by the tracing setups). */
  readonly tracing: TracingSettings;
  /** Milliseconds a service publisher waits for the reply. */
  requestTimeout: number;
  streamDefaults: StreamLimits;
  /** Per-stream limits keyed by stream name; they replace the defaults entirely. */
  readonly streams: Map<string, StreamLimits>;
  consumerDefaults: ConsumerDefaults;
  onNotification: NotificationHandler | undefined;
  onError: ErrorNotificationHandler | undefined;
  onStatus?: StatusListener | undefined;
  /** Milliseconds close() lets handlers finish before stopping them; subscriptions get it too. */
  readonly drainTimeout?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
