// The NATS adapter: the one place natsflux meets nats.js (header conversion, error classification, URL
// redaction, connection status, connecting). Shared by the JetStream transport and the facade; not a stable API.
export { connectNats } from "./connect-nats.js";
export { toStatusEvent, watchConnectionStatus } from "./connection-status.js";
export { isMaxPayloadError, type NatsOperation, payloadTooLarge, toNatsfluxError } from "./errors.js";
export { type HeaderLimit, headersOf, toNatsHeaders } from "./headers.js";
export {
  type ClassifiedNatsError,
  classifyNatsError,
  type NatsErrorKind,
  natsErrorKind,
} from "./nats-error-kind.js";
export { redact } from "./redact.js";
export { replyBytesOf } from "./send.js";
