export type { Closable } from "./closable.js";
export type { Codec, CodecValue } from "./codec.js";
export type { CodecChoice, CodecSelector } from "./codec-selector.js";
export { combineTelemetry } from "./combine-telemetry.js";
export type { Consumer, FetchOptions } from "./consumer.js";
export { DecodeError } from "./errors/decode-error.js";
export { EncodeError } from "./errors/encode-error.js";
export { type ErrorCode, NatsfluxError } from "./errors/natsflux-error.js";
export { isNonRetryable, NonRetryableError, nonRetryable } from "./errors/non-retryable-error.js";
export {
  AbortedError,
  ClosedError,
  ConfigError,
  NoRespondersError,
  PermissionError,
  PublishError,
  RemoteError,
  RequestError,
  SubscribeError,
  TimeoutError,
  TransportError,
  UnsupportedFeatureError,
} from "./errors/operation-errors.js";
export type { Handler, HandlerContext, RequestHandler } from "./handler.js";
export { type Headers, type HeadersInit, noHeaders, toHeaderRecord } from "./headers.js";
export { labelOperations, type OperationLabels } from "./label-operations.js";
export { type AckableMessage, isAckable, type Message } from "./message.js";
export { chain, type Middleware } from "./middleware.js";
export type { Publisher, PublishOptions } from "./publisher.js";
export {
  type ErrorReplyDecoder,
  microErrorFromReply,
  type ReplyView,
  type Requester,
  type RequestOptions,
} from "./requester.js";
export {
  type ErrorReply,
  type ErrorReplyEncoder,
  microErrorReply,
  type Responder,
  type ServeOptions,
  type ServiceFailure,
} from "./responder.js";
export {
  type AckDecision,
  type BackoffRetryOptions,
  backoffRetryPolicy,
  type RetryPolicy,
} from "./retry-policy.js";
export {
  remoteErrorFromHeaders,
  serviceErrorCodeHeader,
  serviceErrorHeader,
  serviceErrorHeaders,
  serviceErrorStatus,
} from "./service-error.js";
export type { ConfigChange, StatusEvent, StatusEventType, StatusListener } from "./status.js";
export type { StreamDelivery } from "./stream-delivery.js";
export type { BufferOptions, StreamOptions, SubscribeOptions, Subscriber } from "./subscriber.js";
export type { MessageStream, Subscription } from "./subscription.js";
export {
  noopTelemetry,
  type OperationLabel,
  type ProcessOperation,
  type PublishOperation,
  type RequestOperation,
  type Settlement,
  type Telemetry,
  type TelemetryAttributes,
} from "./telemetry.js";
export {
  defaultQueueGroup,
  defaultRequestTimeoutMs,
  type PushServeOptions,
  type PushSubscribeOptions,
  type RequesterOptions,
  type TransportOptions,
} from "./transport-options.js";
