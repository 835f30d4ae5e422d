import { describe, expect, it } from "vitest";
import { isFlat } from "../src/workloads/memory.js";

const MiB = 1024 * 1024;
const figures = (first: number, second: number) => ({
  start: 0,
  peak: Math.max(first, second),
  end: 0,
  afterGc: 0,
  peakFirstHalf: first,
  peakSecondHalf: second,
});

describe("memory flatness", () => {
  it("accepts a second half that peaks like the first", () => {
    expect(isFlat(figures(100 * MiB, 104 * MiB))).toBe(true);
    expect(isFlat(figures(20 * MiB, 30 * MiB))).toBe(true); // within the 16 MiB slack
  });

  it("flags memory that keeps growing with the count", () => {
    expect(isFlat(figures(100 * MiB, 200 * MiB))).toBe(false);
  });
});
