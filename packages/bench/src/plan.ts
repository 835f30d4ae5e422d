/** How much work each workload does per round; `--quick` scales everything down to fit CI. */
export interface Plan {
  readonly mode: "quick" | "full";
  /** Measured rounds per side (plus one unmeasured warm-up round). */
  readonly rounds: number;
  readonly publishAwaited: number;
  readonly publishPipelined: number;
  readonly pipelineWindow: number;
  /** Messages stored before the consume workloads (consumed by every round). */
  readonly consumeStored: number;
  readonly corePubSub: number;
  readonly requestsSequential: number;
  readonly requestsConcurrent: number;
  readonly requestsInFlight: number;
  readonly facadeEvents: number;
  readonly memoryMessages: number;
}

export function planFor(mode: "quick" | "full", overrides: Partial<Plan> = {}): Plan {
  const base: Plan =
    mode === "quick"
      ? {
          mode,
          rounds: 3,
          publishAwaited: 1_500,
          publishPipelined: 10_000,
          pipelineWindow: 256,
          consumeStored: 30_000,
          corePubSub: 100_000,
          requestsSequential: 1_000,
          requestsConcurrent: 12_800,
          requestsInFlight: 64,
          facadeEvents: 8_000,
          memoryMessages: 50_000,
        }
      : {
          mode,
          rounds: 5,
          publishAwaited: 5_000,
          publishPipelined: 40_000,
          pipelineWindow: 256,
          consumeStored: 100_000,
          // A round of 300,000 took under a second, short enough for a neighbour's burst to decide it.
          corePubSub: 1_000_000,
          // About 2.5 s a round: a one-second round's p50 moved with whatever else ran in that second.
          requestsSequential: 8_000,
          requestsConcurrent: 64_000,
          requestsInFlight: 64,
          facadeEvents: 30_000,
          memoryMessages: 1_000_000,
        };
  return { ...base, ...overrides };
}
