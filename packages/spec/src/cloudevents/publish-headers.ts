import { randomUUID } from "node:crypto";
import { type HeadersInit, toHeaderRecord } from "@natsflux/core";
import {
  CEDataContentType,
  CEDefaultDataContentType,
  CEID,
  CESource,
  CESpecVersion,
  CESpecVersionValue,
  CETime,
  CEType,
} from "./attributes.js";
import { ServiceHeader, validateHeaderKey } from "./header-key.js";
import { formatCETime } from "./time.js";

export interface PublishHeadersOptions {
  /** The publishing service: the `service` header and the default `ce-source`. */
  readonly serviceName: string;
  /** The default `ce-type`. */
  readonly routingKey: string;
  /** User headers, applied in order; each key is checked with `validateHeaderKey`. */
  readonly headers?: HeadersInit;
  /** Default `ce-datacontenttype`; `application/json` unless the codec says otherwise. */
  readonly contentType?: string;
  /** Clock for `ce-time`; injectable for tests. */
  readonly now?: () => Date;
  /** Id generator for `ce-id`; `randomUUID` (v4) by default. */
  readonly newId?: () => string;
}

/**
 * The header set the Go transport sends with every publish and request (CloudEvents binary mode):
 * `service`, then the user's headers, then `ce-*` defaults for keys that are missing or empty,
 * then `ce-id` (the user's if non-empty, else a new UUID). Trace headers are added by the caller.
 * Throws `InvalidHeaderError` for an empty or reserved user key; nothing is sent then.
 */
export function buildPublishHeaders(options: PublishHeadersOptions): Record<string, string> {
  const out: Record<string, string> = { [ServiceHeader]: options.serviceName };
  for (const [key, value] of Object.entries(toHeaderRecord(options.headers))) {
    validateHeaderKey(key);
    out[key] = value;
  }
  // Go's setDefault: Header.Get returns "" for a missing key, so an empty value is replaced too.
  const setDefault = (key: string, value: () => string): void => {
    if (!out[key]) out[key] = value();
  };
  setDefault(CESpecVersion, () => CESpecVersionValue);
  setDefault(CEType, () => options.routingKey);
  setDefault(CESource, () => options.serviceName);
  setDefault(CEDataContentType, () => options.contentType ?? CEDefaultDataContentType);
  setDefault(CETime, () => formatCETime((options.now ?? (() => new Date()))()));
  setDefault(CEID, options.newId ?? randomUUID);
  return out;
}
