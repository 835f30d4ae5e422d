import { describe, expect, it } from "vitest";
import { gate } from "../src/gate.js";
import { workload } from "./fixtures.js";

describe("the quick-mode gate", () => {
  it("passes ratios at or above the threshold", () => {
    expect(gate([{ result: workload("a", 0.5) }, { result: workload("b", 1.2) }]).passed).toBe(true);
  });

  it("ignores one low measurement that the recheck did not confirm (noise)", () => {
    const result = gate([{ result: workload("a", 0.3), recheck: 0.8 }]);
    expect(result.passed).toBe(true);
    expect(result.failures).toEqual([]);
  });

  it("fails when the recheck is low too (a gross regression)", () => {
    const result = gate([{ result: workload("a", 0.3), recheck: 0.4 }, { result: workload("b", 0.9) }]);
    expect(result.passed).toBe(false);
    expect(result.failures).toEqual([{ id: "a", ratio: 0.3, recheck: 0.4 }]);
  });
});
