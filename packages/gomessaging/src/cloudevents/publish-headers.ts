import { randomUUID } from "node:crypto";
import type { HeadersInit } from "@natsflux/core";
import { isHeaderPairs } from "@natsflux/core/internal";
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
import { currentCETime, formatCETime } from "./time.js";

/** What `buildPublishHeaders` needs to compute Go's header set for one publish. */
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
  const user = options.headers;
  if (user !== undefined) {
    if (isHeaderPairs(user)) {
      for (const [key, value] of user) addUserHeader(out, key, value);
    } else {
      for (const key of Object.keys(user)) addUserHeader(out, key, user[key] as string);
    }
  }
  // Go's setDefault: Header.Get returns "" for a missing key, so an empty value is replaced too.
  // Spelled out rather than looped over closures: this runs for every message published.
  if (!out[CESpecVersion]) out[CESpecVersion] = CESpecVersionValue;
  if (!out[CEType]) out[CEType] = options.routingKey;
  if (!out[CESource]) out[CESource] = options.serviceName;
  if (!out[CEDataContentType]) out[CEDataContentType] = options.contentType ?? CEDefaultDataContentType;
  if (!out[CETime]) out[CETime] = options.now === undefined ? currentCETime() : formatCETime(options.now());
  if (!out[CEID]) out[CEID] = options.newId === undefined ? randomUUID() : options.newId();
  return out;
}

function addUserHeader(out: Record<string, string>, key: string, value: string): void {
  validateHeaderKey(key);
  out[key] = value;
}
