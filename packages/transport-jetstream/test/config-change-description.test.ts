import { describe, expect, it } from "vitest";
import { describeConfigChange } from "../src/index.js";

const base = {
  type: "consumer_config_changed" as const,
  stream: "events",
  consumer: "billing",
  changes: [
    { field: "ack_wait", from: 30_000_000_000, to: 5_000_000_000 },
    { field: "max_deliver", from: -1, to: 5 },
  ],
  reverted: false,
  otherPulls: 0,
};

describe("describeConfigChange", () => {
  it("an update nobody else sees is info, with durations in ms", () => {
    const d = describeConfigChange(base);
    expect(d.level).toBe("info");
    expect(d.message).toBe(
      'consumer "billing" on stream "events" updated to the declared configuration: ack_wait 30000ms -> 5000ms, max_deliver -1 -> 5',
    );
    expect(d.attributes).toMatchObject({
      consumer: "billing",
      stream: "events",
      reverted: false,
      otherPulls: 0,
    });
  });

  it("instances that disagree, or others consuming it, are warnings", () => {
    expect(describeConfigChange({ ...base, reverted: true }).message).toMatch(/overwrite each other/);
    expect(describeConfigChange({ ...base, reverted: true }).level).toBe("warn");
    expect(describeConfigChange({ ...base, otherPulls: 2 }).message).toMatch(
      /while other instances were consuming/,
    );
  });
});
