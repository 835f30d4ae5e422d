export { AckSubjectError } from "./ack-subject-error.js";
export { type ConfigChangeDescription, describeConfigChange } from "./config-change-description.js";
export type { JetStreamSource } from "./connection.js";
export {
  type ConsumerSettings,
  type DeliverPolicyName,
  toConsumerConfig,
} from "./consumer-config.js";
export { createOrUpdateConsumer, type EnsureConsumerOptions, ensureConsumer } from "./ensure-consumer.js";
export { ensureStream } from "./ensure-stream.js";
export {
  ConsumerConfigConflictError,
  type FieldConflict,
  PublishTimeoutError,
  StreamConfigConflictError,
} from "./errors.js";
export { compareVersions, type Feature, features, serverVersion, supports } from "./features.js";
export { JetStreamMessage } from "./message.js";
export { type OrderedOptions, orderedMessages } from "./ordered.js";
export type { OrderedMessage } from "./ordered-message.js";
export { type PipelineFailure, type PipelineSummary, PublishPipeline } from "./pipeline.js";
export type {
  JetStreamPublisherOptions,
  JetStreamPublishOptions,
  PipelineOptions,
  PubAck,
  PublishExpectations,
} from "./publish-options.js";
export { JetStreamPublisher } from "./publisher.js";
export { JetStreamConsumer, type JetStreamConsumerOptions } from "./pull-consumer.js";
export type { PipelinedPublish } from "./queued-publish.js";
export { type StreamSettings, toStreamConfig } from "./stream-config.js";
export type { ConsumerTarget, JetStreamSubscribeOptions, PullOptions } from "./subscribe-options.js";
export { JetStreamSubscriber, type JetStreamSubscriberOptions } from "./subscriber.js";
