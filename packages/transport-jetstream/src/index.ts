export type { JetStreamSource } from "./connection.js";
export { AckSubjectError } from "./consume/ack-subject-error.js";
export { JetStreamConsumer, type JetStreamConsumerOptions } from "./consume/jetstream-consumer.js";
export { JetStreamMessage } from "./consume/jetstream-message.js";
export { JetStreamSubscriber, type JetStreamSubscriberOptions } from "./consume/jetstream-subscriber.js";
export { type OrderedMessage, type OrderedOptions, orderedMessages } from "./consume/ordered-messages.js";
export type { ConsumerTarget, JetStreamSubscribeOptions, PullOptions } from "./consume/subscribe-options.js";
export {
  ConsumerConfigConflictError,
  type FieldConflict,
  PublishTimeoutError,
  StreamConfigConflictError,
} from "./errors.js";
export { type ConfigChangeDescription, describeConfigChange } from "./manage/config-change-description.js";
export {
  type ConsumerSettings,
  type DeliverPolicyName,
  toConsumerConfig,
} from "./manage/consumer-config.js";
export {
  createOrUpdateConsumer,
  type EnsureConsumerOptions,
  ensureConsumer,
} from "./manage/ensure-consumer.js";
export { ensureStream } from "./manage/ensure-stream.js";
export { compareVersions, type Feature, features, serverVersion, supports } from "./manage/features.js";
export { type StreamSettings, toStreamConfig } from "./manage/stream-config.js";
export { JetStreamPublisher } from "./publish/jetstream-publisher.js";
export type { PipelinedPublish } from "./publish/pipelined-publish.js";
export type {
  JetStreamPublisherOptions,
  JetStreamPublishOptions,
  PipelineOptions,
  PubAck,
  PublishExpectations,
} from "./publish/publish-options.js";
export { type PipelineFailure, type PipelineSummary, PublishPipeline } from "./publish/publish-pipeline.js";
