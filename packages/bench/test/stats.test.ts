import { describe, expect, it } from "vitest";
import { latencyPercentiles, median, percentile, perSecond } from "../src/util/stats.js";

describe("stats", () => {
  it("median of odd and even counts, and of nothing", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it("nearest-rank percentiles", () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(Float64Array.of(7), 99)).toBe(7);
    expect(percentile(new Float64Array(0), 50)).toBe(0);
  });

  it("latency percentiles sort a copy", () => {
    const latencies = Float64Array.of(5, 1, 4, 2, 3);
    expect(latencyPercentiles(latencies)).toEqual({ p50Ms: 3, p99Ms: 5 });
    expect([...latencies]).toEqual([5, 1, 4, 2, 3]);
  });

  it("rates per second", () => {
    expect(perSecond(1000, 500)).toBe(2000);
    expect(perSecond(10, 0)).toBe(0);
  });
});
