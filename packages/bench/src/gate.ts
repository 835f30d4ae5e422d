import type { GateResult } from "./results.js";
import type { MeasuredWorkload } from "./runner.js";

/** The CI gate threshold: only a ratio this low is a regression worth failing a build for. */
export const grossRegression = 0.5;

/**
 * Fails only when a workload was below the threshold twice in a row (the runner measures it again after a
 * first low ratio), so one noisy measurement on a busy machine never fails the build.
 */
export function gate(measured: readonly MeasuredWorkload[], threshold = grossRegression): GateResult {
  const failures = measured
    .filter((m) => m.result.ratio < threshold && m.recheck !== undefined && m.recheck < threshold)
    .map((m) => ({ id: m.result.id, ratio: m.result.ratio, recheck: m.recheck as number }));
  return { threshold, passed: failures.length === 0, failures };
}
