import {
  CECorrelationID,
  CEDataContentType,
  CEID,
  CESource,
  CESpecVersion,
  CESubject,
  CETime,
  CEType,
} from "./attributes.js";
import { isRFC3339 } from "./time.js";

/**
 * Headers as read from a message. Values are strings on the wire; `unknown` because bridged or
 * hand-built header maps may hold other values, which then count as missing.
 */
export type IncomingHeaders = Readonly<Record<string, unknown>>;

/** CloudEvents attributes of a received message; `""` for any that is absent or unusable. */
export interface Metadata {
  /** `ce-id`. */
  readonly id: string;
  /** `ce-correlationid` (an extension attribute). */
  readonly correlationId: string;
  /** RFC 3339 as received, or `""` when missing or not valid RFC 3339. */
  readonly timestamp: string;
  /** `ce-source`: the publishing service. */
  readonly source: string;
  /** `ce-type`: the routing key it was published with. */
  readonly type: string;
  /** `ce-subject`. */
  readonly subject: string;
  /** `ce-datacontenttype`. */
  readonly dataContentType: string;
  /** `ce-specversion` (`1.0`). */
  readonly specVersion: string;
}

function stringHeader(headers: IncomingHeaders, key: string): string {
  const value = Object.hasOwn(headers, key) ? headers[key] : undefined;
  return typeof value === "string" ? value : "";
}

/** Reads the exact lowercase `ce-*` keys only (normalize other spellings first). */
export function metadataFromHeaders(headers: IncomingHeaders): Metadata {
  const time = stringHeader(headers, CETime);
  return {
    id: stringHeader(headers, CEID),
    correlationId: stringHeader(headers, CECorrelationID),
    timestamp: isRFC3339(time) ? time : "",
    source: stringHeader(headers, CESource),
    type: stringHeader(headers, CEType),
    subject: stringHeader(headers, CESubject),
    dataContentType: stringHeader(headers, CEDataContentType),
    specVersion: stringHeader(headers, CESpecVersion),
  };
}
