// The errors a facade user catches (or throws, NonRetryableError): core's, already loaded at import.
// JetStream's subclasses (PublishTimeoutError, StreamConfigConflictError, ConsumerConfigConflictError) are
// caught through their core bases (TimeoutError, ConfigError): re-exporting them would load the transport
// at import time instead of on first start().
export {
  AbortedError,
  ClosedError,
  ConfigError,
  DecodeError,
  EncodeError,
  type ErrorCode,
  NatsfluxError,
  NonRetryableError,
  NoRespondersError,
  nonRetryable,
  PermissionError,
  PublishError,
  RemoteError,
  TimeoutError,
  TransportError,
  UnsupportedFeatureError,
} from "@natsflux/core";
export { InvalidNameError } from "@natsflux/gomessaging";
export type { ConsumerTraceMode } from "@natsflux/otel";
export { collectTopology } from "./collect-topology.js";
export { Connection, createConnection } from "./connection.js";
export {
  type ConnectionOptions,
  type ConsumerDefaults,
  DEFAULT_RECONNECT,
  type FacadeOptions,
  type NatsOptions,
} from "./connection-options.js";
export {
  addConsumerNameSuffix,
  type ConsumerOption,
  withBackOff,
  withCodec,
  withConcurrency,
  withImmediateRedelivery,
  withMaxDeliver,
  withMessageType,
} from "./consumer-options.js";
export { LifecycleError } from "./errors/lifecycle-error.js";
export { SetupError } from "./errors/setup-error.js";
export type {
  ConsumableEvent,
  DeliveryInfo,
  EventContext,
  EventHandler,
  Metadata,
  RequestResponseEventHandler,
} from "./event.js";
export { consoleLogger, type Logger, type LogLevel, silentLogger } from "./logger.js";
export { type MetricsRecorder, noopMetrics } from "./metrics-recorder.js";
export type {
  ErrorNotification,
  ErrorNotificationHandler,
  Notification,
  NotificationHandler,
} from "./notifications.js";
export { Publisher, type PublisherOptions, type PublishOptions } from "./publisher.js";
export type { EndpointSetup, OptionSetup, Setup } from "./setup.js";
export {
  withConsumerDefaults,
  withErrorHandler,
  withLogger,
  withNotificationHandler,
  withRequestTimeout,
  withStreamConfig,
  withStreamDefaults,
} from "./setups/option-setups.js";
export {
  requestResponseHandler,
  servicePublisher,
  serviceRequestConsumer,
  serviceResponseConsumer,
} from "./setups/service-setups.js";
export {
  eventStreamConsumer,
  eventStreamPublisher,
  streamConsumer,
  streamPublisher,
  transientEventStreamConsumer,
  transientStreamConsumer,
} from "./setups/stream-setups.js";
export {
  withConsumerTraceMode,
  withPropagator,
  withPublishSpanNameFn,
  withSpanNameFn,
  withTracing,
} from "./setups/tracing-setups.js";
export type { StreamLimits } from "./stream-limits.js";
export type { TracingOptions } from "./tracing-options.js";
