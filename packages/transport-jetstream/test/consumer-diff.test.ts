import type { ConsumerConfig } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { configFingerprint, consumerDifferences } from "../src/manage/consumer-diff.js";

// What nats-server 2.15.2 answered for a durable created with only { durable_name, ack_policy: "explicit" }.
const serverMinimal = {
  durable_name: "d",
  name: "d",
  deliver_policy: "all",
  ack_policy: "explicit",
  ack_wait: 30_000_000_000,
  max_deliver: -1,
  replay_policy: "instant",
  max_waiting: 512,
  max_ack_pending: 1000,
  num_replicas: 0,
  metadata: { "_nats.level": "5", "_nats.req.level": "0", "_nats.ver": "2.15.2" },
} as unknown as Partial<ConsumerConfig>;

const declared = (extra: Partial<ConsumerConfig> = {}): Partial<ConsumerConfig> =>
  ({ durable_name: "d", name: "d", ack_policy: "explicit", ...extra }) as Partial<ConsumerConfig>;

describe("consumerDifferences", () => {
  it("finds nothing between a declaration and what the server made of it (server-populated fields ignored)", () => {
    expect(consumerDifferences(declared(), serverMinimal)).toEqual([]);
    expect(configFingerprint(declared())).toBe(configFingerprint(serverMinimal));
  });

  it("an option left out must be at the server default", () => {
    const current = { ...serverMinimal, max_deliver: 5, backoff: [1_000_000_000], ack_wait: 1_000_000_000 };
    expect(consumerDifferences(declared(), current)).toEqual([
      { field: "ack_wait", current: 1_000_000_000, requested: 30_000_000_000 },
      { field: "max_deliver", current: 5, requested: -1 },
      { field: "backoff", current: [1_000_000_000], requested: null },
    ]);
  });

  it("expects ack_wait to be backoff[0], as the server sets it", () => {
    const current = { ...serverMinimal, backoff: [500_000_000], ack_wait: 500_000_000, max_deliver: 3 };
    expect(consumerDifferences(declared({ backoff: [500_000_000], max_deliver: 3 }), current)).toEqual([]);
  });

  it("compares metadata without the server's _nats.* keys and natsflux's bookkeeping", () => {
    const current = {
      ...serverMinimal,
      metadata: { ...serverMinimal.metadata, "natsflux.replaced": "0badf00d", team: "a" },
    };
    expect(consumerDifferences(declared({ metadata: { team: "a" } }), current)).toEqual([]);
    expect(consumerDifferences(declared(), current)).toEqual([
      { field: "metadata", current: { team: "a" }, requested: null },
    ]);
  });

  it("an ephemeral's inactive threshold defaults to 5 s; start times compare as instants", () => {
    const ephemeral = { ...serverMinimal, durable_name: undefined, inactive_threshold: 5_000_000_000 };
    expect(consumerDifferences({ ack_policy: "explicit" } as Partial<ConsumerConfig>, ephemeral)).toEqual([]);
    const byTime = {
      ...serverMinimal,
      deliver_policy: "by_start_time",
      opt_start_time: "2026-01-02T03:04:05Z",
    };
    const asked = declared({
      deliver_policy: "by_start_time",
      opt_start_time: "2026-01-02T03:04:05.000Z",
    } as Partial<ConsumerConfig>);
    expect(consumerDifferences(asked, byTime as Partial<ConsumerConfig>)).toEqual([]);
  });
});
