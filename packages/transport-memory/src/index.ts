export type {
  BrokerDeliver,
  BrokerMessage,
  BrokerSubscribeOptions,
  BrokerSubscription,
  MemoryBrokerOptions,
  QueueStrategy,
} from "./broker-types.js";
export { MemoryBroker } from "./memory-broker.js";
export { MemoryPublisher } from "./memory-publisher.js";
export { MemoryRequester } from "./memory-requester.js";
export { MemoryResponder } from "./memory-responder.js";
export { MemorySubscriber } from "./memory-subscriber.js";
export type {
  MemoryPublisherOptions,
  MemoryRequesterOptions,
  MemoryResponderOptions,
  MemoryServeOptions,
  MemorySubscribeOptions,
  MemorySubscriberOptions,
  MemoryTransportOptions,
} from "./options.js";
export { subjectMatches } from "./subject.js";
