export { type NatsOperation, toNatsfluxError } from "./errors.js";
export { NatsMessage } from "./nats-message.js";
export { NatsPublisher } from "./nats-publisher.js";
export { NatsRequester } from "./nats-requester.js";
export { NatsResponder } from "./nats-responder.js";
export { NatsSubscriber } from "./nats-subscriber.js";
export {
  defaultHandlerBufferSize,
  defaultQueueGroup,
  defaultRequestTimeoutMs,
  type NatsPublisherOptions,
  type NatsRequesterOptions,
  type NatsResponderOptions,
  type NatsServeOptions,
  type NatsSubscribeOptions,
  type NatsSubscriberOptions,
  type NatsTransportOptions,
} from "./options.js";
