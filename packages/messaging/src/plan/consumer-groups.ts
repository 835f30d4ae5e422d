import { ConfigError } from "@natsflux/core";
import { routingKeyOverlaps } from "@natsflux/gomessaging";
import type { ConsumerDefaults } from "../connection-options.js";
import type { StreamConsumerDeclaration } from "../declarations.js";

/** One JetStream consumer: a durable shared by the service's keys on a stream, or one transient key. */
export interface ConsumerGroup {
  readonly stream: string;
  readonly durable: string | undefined;
  readonly registrations: readonly StreamConsumerDeclaration[];
  readonly maxDeliver: number | undefined;
  readonly backOff: ReadonlyArray<number> | undefined;
  /** Failures are nak'ed for immediate redelivery instead of after the retry delays. */
  readonly immediateRedelivery: boolean;
  readonly concurrency: number | undefined;
}

/**
 * Groups consumer registrations the way Go does (by stream and durable, in first-seen order), and
 * rejects at start what Go lets the server refuse later or silently ignores: the same key twice,
 * overlapping keys on one durable, and different MaxDeliver/BackOff/redelivery/concurrency on one durable.
 * Unlike Go, each transient registration gets its own ephemeral consumer (Go merges them into one).
 */
export function planConsumerGroups(
  registrations: readonly StreamConsumerDeclaration[],
  defaults: ConsumerDefaults,
): ConsumerGroup[] {
  const groups = new Map<string, StreamConsumerDeclaration[]>();
  registrations.forEach((registration, index) => {
    const key =
      registration.durable === undefined
        ? `${registration.stream}:transient:${index}`
        : `${registration.stream}:${registration.durable}`;
    const group = groups.get(key);
    if (group) group.push(registration);
    else groups.set(key, [registration]);
  });
  return [...groups.values()].map((members) => toGroup(members, defaults));
}

function toGroup(members: StreamConsumerDeclaration[], defaults: ConsumerDefaults): ConsumerGroup {
  const first = members[0] as StreamConsumerDeclaration;
  const where = `durable "${first.durable}" on stream "${first.stream}"`;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const a = (members[i] as StreamConsumerDeclaration).routingKey;
      const b = (members[j] as StreamConsumerDeclaration).routingKey;
      if (a === b) {
        throw new ConfigError("routingKey", `${JSON.stringify(a)} is registered twice on ${where}`);
      }
      if (routingKeyOverlaps(a, b)) {
        throw new ConfigError(
          "routingKey",
          `${JSON.stringify(a)} and ${JSON.stringify(b)} overlap on ${where}: the server refuses overlapping filters; give one of them its own consumer with addConsumerNameSuffix()`,
        );
      }
    }
  }
  const agreed = <V>(field: string, pick: (r: StreamConsumerDeclaration) => V | undefined): V | undefined => {
    const set = members.map(pick).filter((v) => v !== undefined);
    const firstSet = set[0];
    if (set.some((v) => JSON.stringify(v) !== JSON.stringify(firstSet))) {
      throw new ConfigError(
        field,
        `registrations sharing ${where} set different values (${set.map((v) => JSON.stringify(v)).join(" vs ")})`,
      );
    }
    return firstSet;
  };
  const maxDeliver = agreed("maxDeliver", (r) => r.maxDeliver) ?? (defaults.maxDeliver || undefined); // 0: unlimited
  const backOff = agreed("backOff", (r) => r.backOff) ?? defaults.backOff;
  const immediateRedelivery = agreed("immediateRedelivery", (r) => r.immediateRedelivery) ?? false;
  const concurrency = agreed("concurrency", (r) => r.concurrency);
  return {
    stream: first.stream,
    durable: first.durable,
    registrations: members,
    maxDeliver,
    backOff: backOff !== undefined && backOff.length > 0 ? backOff : undefined,
    immediateRedelivery,
    concurrency,
  };
}
