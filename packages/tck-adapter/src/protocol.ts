// The TCK subprocess protocol, version 1: one JSON request per line on stdin, one JSON response per line
// on fd 3. Field names are the ones the Go runner (github.com/sparetimecoders/messaging/tck) reads.
import type { Topology } from "@natsflux/gomessaging";
import type { SetupIntent } from "@natsflux/gomessaging/fixtures";
import type { RawJson } from "./raw-json.js";

// A setup call of a scenario is the fixtures' (Go `spectest.SetupIntent`); `targetService` arrives with the runtime name.
export type { SetupIntent };

export const PROTOCOL_VERSION = 1;
export const TRANSPORT_KEY = "nats";
/** The runner reads responses with a Go `bufio.Scanner`: longer lines fail the whole run. */
export const MAX_RESPONSE_LINE_BYTES = 64 * 1024;

export interface RpcRequest {
  readonly id: number;
  readonly method: string;
  readonly params: unknown;
}

/** The only error code the protocol knows; any error is fatal for the runner's current scenario. */
export const RPC_ERROR_CODE = -1;

export type RpcResponse =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: { readonly code: number; readonly message: string } };

export interface HelloParams {
  readonly protocolVersion: number;
}

export interface HelloResult {
  readonly protocolVersion: number;
  readonly transportKey: string;
  /** Go decodes the field names case-insensitively (its struct field is `NATSURL`). */
  readonly brokerConfig: { readonly natsURL: string };
}

export interface StartServiceParams {
  readonly serviceName: string;
  readonly intents: readonly SetupIntent[];
}

export interface StartServiceResult {
  readonly publisherKeys: readonly string[];
  readonly topology: Topology;
}

export interface PublishParams {
  readonly serviceName: string;
  readonly publisherKey: string;
  readonly routingKey: string;
  readonly payload: RawJson;
  readonly headers: Readonly<Record<string, string>>;
}

export interface ServiceParams {
  readonly serviceName: string;
}

/** Go `messaging.Metadata`: `timestamp` is a `time.Time`, so it is RFC 3339 or absent, never "". */
export interface WireMetadata {
  readonly id: string;
  readonly correlationId: string;
  readonly timestamp?: string;
  readonly source: string;
  readonly type: string;
  readonly subject?: string;
  readonly dataContentType?: string;
  readonly specVersion: string;
}

/** Go `messaging.DeliveryInfo` has no JSON tags, so its keys are capitalised. */
export interface WireDeliveryInfo {
  readonly Destination: string;
  readonly Source: string;
  readonly Key: string;
  readonly Headers: Readonly<Record<string, string>>;
}

export interface ReceivedMessage {
  readonly routingKey: string;
  /** Written as the raw JSON value, not as a string. */
  readonly payload: RawJson;
  readonly metadata: WireMetadata;
  readonly deliveryInfo: WireDeliveryInfo;
}

export interface ReceivedResult {
  readonly messages: readonly ReceivedMessage[];
}
