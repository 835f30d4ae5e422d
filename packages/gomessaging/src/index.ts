export { CEID, CERequiredAttributes } from "./cloudevents/attributes.js";
export { type DeliveryOrigin, type EnrichOptions, enrichLegacyMetadata } from "./cloudevents/enrich.js";
export { type InvalidCEHeadersListener, incomingMetadata } from "./cloudevents/incoming-metadata.js";
export { type IncomingHeaders, type Metadata, metadataFromHeaders } from "./cloudevents/metadata.js";
export { hasCEHeaders, normalizeCEHeaders } from "./cloudevents/normalize.js";
export { buildPublishHeaders, type PublishHeadersOptions } from "./cloudevents/publish-headers.js";
export { isRFC3339 } from "./cloudevents/time.js";
export { validateCEHeaders } from "./cloudevents/validate-headers.js";
export { DefaultEventExchangeName, ErrParseJSON, NotificationSource } from "./constants.js";
export {
  type ConsumerDeclaration,
  type NatsConsumerSettings,
  natsConsumerSettings,
} from "./consumer/consumer-settings.js";
export { gomessagingRetryPolicy, type RedeliveryOptions } from "./consumer/retry-policy.js";
export { SubjectRoutes } from "./consumer/subject-routes.js";
export { type DeliveryInfo, deliveryOf, type ReceivedMessage } from "./delivery/delivery.js";
export { type PublishTarget, publishTargetOf } from "./delivery/publish-target.js";
export { DuplicateRoutingKeyError } from "./errors/duplicate-routing-key-error.js";
export { InvalidHeaderError } from "./errors/invalid-header-error.js";
export { InvalidNameError } from "./errors/invalid-name-error.js";
export { assertConsumerSuffix, assertRoutingKey, assertStreamName } from "./naming/name-rules.js";
export { natsStreamName, natsSubject } from "./naming/nats.js";
export { natsPublishSubject } from "./naming/nats-publish-subject.js";
export {
  natsConsumerFilterSubject,
  natsDurableName,
  natsRoutingKeyFromSubject,
  natsServiceRequestSubject,
  natsStreamSubjects,
} from "./naming/nats-transport.js";
export {
  type GomessagingLabelOptions,
  gomessagingOperationLabels,
} from "./observability/operation-labels.js";
export { routingKeyOverlaps } from "./routing/match.js";
export { RoutingTable } from "./routing/routing-table.js";
export { acknowledgementCodec } from "./service/acknowledgement-codec.js";
export { gomessagingErrorFromReply, gomessagingErrorReply } from "./service/error-reply.js";
export {
  type NatsStreamSettings,
  natsStreamSettings,
  type StreamRetention,
} from "./stream/stream-settings.js";
export {
  type Direction,
  Directions,
  type ExchangeKind,
  ExchangeKinds,
  type Pattern,
  Patterns,
  type Transport,
  Transports,
} from "./topology/kinds.js";
export { mermaid } from "./topology/mermaid.js";
export type { Endpoint, Topology } from "./topology/types.js";
export { validate } from "./topology/validate.js";
export { validateTopologies } from "./topology/validate-topologies.js";
