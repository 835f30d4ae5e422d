import type { NatsConnection } from "@nats-io/nats-core";
import type { NodeConnectionOptions } from "@nats-io/transport-node";
import type { StatusListener } from "@natsflux/core";
import type { Logger, LogLevel } from "./logger.js";
import type { MetricsRecorder } from "./metrics-recorder.js";
import type { ErrorNotificationHandler, NotificationHandler } from "./notifications.js";
import type { StreamLimits } from "./stream-limits.js";
import type { TracingOptions } from "./tracing-options.js";

/** Connection-wide consumer settings (Go: `ConsumerDefaults`). */
export interface ConsumerDefaults {
  /** Deliveries before the server gives up on a message; 0 or absent means unlimited. */
  readonly maxDeliver?: number;
  /** Redelivery delays in ms (consumer `backoff`); failing handlers also nak with these delays. */
  readonly backOff?: ReadonlyArray<number>;
}

/**
 * The service's settings: given to `createConnection`, or as option setups to `start()` (`withLogger`,
 * `withStreamDefaults`, `withTracing`...), which win. Both are checked by the same rules.
 */
export interface FacadeOptions extends TracingOptions {
  readonly logger?: Logger;
  /** Level of the default console logger. @default "info" */
  readonly logLevel?: LogLevel;
  /** Milliseconds a service publisher waits for a reply. @default 30000 */
  readonly requestTimeout?: number;
  readonly streamDefaults?: StreamLimits;
  /** Per-stream limits (keyed by stream name); they replace `streamDefaults` entirely. */
  readonly streams?: Readonly<Record<string, StreamLimits>>;
  readonly consumerDefaults?: ConsumerDefaults;
  readonly onNotification?: NotificationHandler;
  readonly onError?: ErrorNotificationHandler;
  /**
   * Typed status events of the service's stream consumers: `consumer_deleted`, `consumer_not_found`,
   * `stream_not_found`, `consumer_recreated`, `heartbeats_missed`, `handler_error`, `error`, and
   * `consumer_config_changed` when start() changed a durable's configuration (connection events are not
   * repeated per consumer). A durable deleted underneath a running service is recreated with
   * its configuration, as `start()` would (it then redelivers from its deliver policy); see
   * docs/reliability.md. Must not throw.
   */
  readonly onStatus?: StatusListener;
  /** Where metrics go; see `initMetrics`. */
  readonly metrics?: MetricsRecorder;
  /**
   * Upper bound for `close()`, in ms: in-flight handlers get this long to finish, then their signals are
   * aborted and close() returns within about half a second more, even if a handler ignores its signal.
   * @default 10000
   */
  readonly drainTimeout?: number;
}

/** nats.js options of a connection natsflux opens (everything but `servers`, which is given beside them). */
export type NatsOptions = Omit<NodeConnectionOptions, "servers">;

/** Options of `createConnection`: where to connect, the service's name, and its settings. */
export interface ConnectionOptions extends FacadeOptions {
  /** The service's name: the `service` header, `ce-source`, the durable consumer name. Required. */
  readonly serviceName: string;
  /** Where to connect. Either `servers` or `connection` is required. */
  readonly servers?: string | string[];
  /**
   * nats.js options for the connection natsflux opens: `user`, `pass`, `token`, `tls`, `authenticator`,
   * `timeout`, `name` (default: the service name), reconnect settings... Only these reach nats.js.
   */
  readonly nats?: NatsOptions;
  /** An existing connection instead of `servers`/`nats`; the caller owns it and `close()` leaves it open. */
  readonly connection?: NatsConnection;
}

/**
 * Reconnect defaults for connections natsflux opens: never give up (nats.js stops after 10 attempts,
 * about 20 s, which turns a server restart into a dead service), retry every second.
 */
export const DEFAULT_RECONNECT = Object.freeze({ maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
