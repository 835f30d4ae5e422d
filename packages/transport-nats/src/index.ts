export { type NatsOperation, toNatsfluxError } from "./errors.js";
export { NatsMessage } from "./message.js";
export {
  defaultMaxPending,
  defaultQueueGroup,
  defaultRequestTimeoutMs,
  type NatsPublisherOptions,
  type NatsRequesterOptions,
  type NatsResponderOptions,
  type NatsServeOptions,
  type NatsSubscribeOptions,
  type NatsSubscriberOptions,
  type NatsTransportOptions,
  type PendingLimitOptions,
} from "./options.js";
export { NatsPublisher } from "./publisher.js";
export { NatsRequester } from "./requester.js";
export { NatsResponder } from "./responder.js";
export { NatsSubscriber } from "./subscriber.js";
