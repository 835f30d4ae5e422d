export { AdapterError, describeError } from "./adapter-error.js";
export { compactJson } from "./compact-json.js";
export { fdLineWriter } from "./fd-writer.js";
export {
  type IntentHandlers,
  type IntentPlan,
  type PublishFn,
  planIntent,
  publisherKey,
} from "./intent-setups.js";
export { jsonText } from "./json-text.js";
export { logLevelFrom } from "./log-level.js";
export {
  parseHelloParams,
  parsePublishParams,
  parseServiceParams,
  parseStartServiceParams,
} from "./params.js";
export {
  type HelloParams,
  type HelloResult,
  MAX_RESPONSE_LINE_BYTES,
  type Method,
  PROTOCOL_VERSION,
  type PublishParams,
  type ReceivedMessage,
  type ReceivedResult,
  RPC_ERROR_CODE,
  type RpcRequest,
  type RpcResponse,
  type ServiceParams,
  type SetupIntent,
  type StartServiceParams,
  type StartServiceResult,
  TRANSPORT_KEY,
  type WireDeliveryInfo,
  type WireMetadata,
} from "./protocol.js";
export { RawJson } from "./raw-json.js";
export { rawJsonCodec } from "./raw-json-codec.js";
export { receivedMessage, wireMetadata } from "./received-message.js";
export { type ServeEnd, type ServeOptions, serve } from "./serve.js";
export { TckAdapter, type TckAdapterOptions } from "./tck-adapter.js";
export { TckService, type TckServiceOptions } from "./tck-service.js";
