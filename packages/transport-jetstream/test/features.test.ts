import { describe, expect, it } from "vitest";
import { compareVersions, features } from "../src/index.js";

describe("compareVersions", () => {
  it("compares numerically, ignoring pre-release suffixes and a leading v", () => {
    expect(compareVersions("2.9.10", "2.10.0")).toBeLessThan(0);
    expect(compareVersions("2.10.0", "2.9.10")).toBeGreaterThan(0);
    expect(compareVersions("2.11.0-RC.1", "2.11.0")).toBe(0);
    expect(compareVersions("v2.15.2", "2.11.0")).toBeGreaterThan(0);
    expect(compareVersions("2.10", "2.10.0")).toBe(0);
  });

  it("knows which server each gated feature needs", () => {
    expect(features.multipleFilters.since).toBe("2.10.0");
    expect(features.termReason.since).toBe("2.11.0");
  });
});
