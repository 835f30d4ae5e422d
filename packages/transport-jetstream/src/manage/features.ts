import type { NatsConnection } from "@nats-io/nats-core";
import { UnsupportedFeatureError } from "@natsflux/core";

/** Server features this transport checks before using them, with the first nats-server version that has them. */
export const features = {
  /** Several subjects on one consumer (`filter_subjects`). 2.9 accepts the field and silently ignores it. */
  multipleFilters: { name: "filter_subjects (several filter subjects on one consumer)", since: "2.10.0" },
  /** Consumer `metadata`. nats.js refuses to send it to older servers. */
  consumerMetadata: { name: "consumer metadata", since: "2.10.0" },
  /** `+TERM <reason>`. 2.9/2.10 do not parse it and treat the message as never acknowledged. */
  termReason: { name: "term(reason)", since: "2.11.0" },
} as const;

export type Feature = (typeof features)[keyof typeof features];

/** The version the server announced on connect (`nc.info.version`), e.g. "2.9.10"; "0.0.0" before INFO. */
export function serverVersion(nc: NatsConnection): string {
  return nc.info?.version ?? "0.0.0";
}

/**
 * True when the connected server is at least `feature.since`. Checked against the current server on every
 * call (a reconnect may land on another version); the comparison is cached per version string because
 * message handling asks for every message.
 */
export function supports(nc: NatsConnection, feature: Feature): boolean {
  const version = serverVersion(nc);
  const key = `${version}>=${feature.since}`;
  let known = verdicts.get(key);
  if (known === undefined) {
    known = compareVersions(version, feature.since) >= 0;
    verdicts.set(key, known);
  }
  return known;
}

const verdicts = new Map<string, boolean>();

/** Throws `UnsupportedFeatureError` when the connected server is older than `feature.since`. */
export function requireFeature(nc: NatsConnection, feature: Feature, hint?: string): void {
  if (!supports(nc, feature)) {
    throw new UnsupportedFeatureError(feature.name, feature.since, serverVersion(nc), hint);
  }
}

/** Compares dotted versions numerically; pre-release suffixes ("-beta.1") are ignored. */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

function parse(version: string): number[] {
  return (version.split("-")[0] ?? "")
    .replace(/^v/, "")
    .split(".")
    .map((part) => Number.parseInt(part, 10) || 0);
}
