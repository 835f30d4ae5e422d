export {
  CEAttrCorrelationID,
  CEAttrDataContentType,
  CEAttrDataSchema,
  CEAttrID,
  CEAttrSource,
  CEAttrSpecVersion,
  CEAttrSubject,
  CEAttrTime,
  CEAttrType,
  CECorrelationID,
  CEDataContentType,
  CEDataSchema,
  CEDefaultDataContentType,
  CEHeaderPrefix,
  CEID,
  CERequiredAttributes,
  CESource,
  CESpecVersion,
  CESpecVersionValue,
  CESubject,
  CETime,
  CEType,
} from "./cloudevents/attributes.js";
export { type DeliveryOrigin, type EnrichOptions, enrichLegacyMetadata } from "./cloudevents/enrich.js";
export { ReservedHeaderKeys, ServiceHeader, validateHeaderKey } from "./cloudevents/header-key.js";
export { type IncomingHeaders, type Metadata, metadataFromHeaders } from "./cloudevents/metadata.js";
export { hasCEHeaders, normalizeCEHeaders } from "./cloudevents/normalize.js";
export { buildPublishHeaders, type PublishHeadersOptions } from "./cloudevents/publish-headers.js";
export { currentCETime, formatCETime, isRFC3339 } from "./cloudevents/time.js";
export { validateCEHeaders } from "./cloudevents/validate-headers.js";
export { DefaultEventExchangeName, ErrParseJSON, NotificationSource } from "./constants.js";
export { DuplicateRoutingKeyError } from "./errors/duplicate-routing-key-error.js";
export { InvalidHeaderError } from "./errors/invalid-header-error.js";
export { InvalidNameError } from "./errors/invalid-name-error.js";
export { TopologyShapeError } from "./errors/topology-shape-error.js";
export {
  AMQPExchangeSuffixes,
  serviceEventQueueName,
  serviceRequestExchangeName,
  serviceRequestQueueName,
  serviceResponseExchangeName,
  serviceResponseQueueName,
  topicExchangeName,
} from "./naming/amqp.js";
export {
  assertConsumerSuffix,
  assertDurableName,
  assertRoutingKey,
  assertStreamName,
} from "./naming/name-rules.js";
export { natsStreamName, natsSubject, translateWildcard } from "./naming/nats.js";
export {
  natsConsumerFilterSubject,
  natsDurableName,
  natsRoutingKeyFromSubject,
  natsServiceRequestSubject,
  natsStreamSubjects,
} from "./naming/nats-transport.js";
export { matchRoutingKey, routingKeyMatcher, routingKeyOverlaps } from "./routing/match.js";
export { findHandler, RoutingTable } from "./routing/routing-table.js";
export {
  type Direction,
  Directions,
  type ExchangeKind,
  ExchangeKinds,
  KindDirect,
  KindHeaders,
  KindTopic,
  type Pattern,
  Patterns,
  type Transport,
  Transports,
} from "./topology/kinds.js";
export { mermaid } from "./topology/mermaid.js";
export { parseTopologies } from "./topology/parse-topologies.js";
export type { Endpoint, Topology } from "./topology/types.js";
export { validate } from "./topology/validate.js";
export { validateTopologies } from "./topology/validate-topologies.js";
