import type { Measurement } from "../results.js";
import { perSecond } from "./stats.js";

/**
 * Times a run in wall-clock time and in this process's CPU time (user + system). On a shared machine the
 * wall-clock rate moves with everyone else's load; CPU time per message moves much less, so it shows what
 * each message costs the client even when the rates are noisy.
 */
export class Stopwatch {
  readonly #wall = performance.now();
  readonly #cpu = process.cpuUsage();

  /** Rate and CPU µs per operation for `count` operations since the stopwatch started. */
  stop(count: number): Measurement {
    const elapsed = performance.now() - this.#wall;
    const cpu = process.cpuUsage(this.#cpu);
    return { rate: perSecond(count, elapsed), cpuUsPerOp: (cpu.user + cpu.system) / count };
  }
}
