import type { NatsServer } from "@natsflux/testing";
import type { Plan } from "./plan.js";
import type { Measurement } from "./results.js";

/** One way of doing a workload's work, timed by itself (setup such as creating a consumer is not timed). */
export interface Side {
  /** One line on what this side does, for the report. */
  readonly how: string;
  run(): Promise<Measurement>;
}

/** The same work done by the raw client and by a natsflux layer; the runner alternates the two. */
export interface Workload {
  readonly id: string;
  readonly group: string;
  readonly title: string;
  /** A few words for the chart. */
  readonly label: string;
  readonly unit: "msgs/s" | "req/s";
  /** Messages or requests per run. */
  readonly count: number;
  readonly payloadBytes: number;
  /** natsflux / raw ratio this workload should reach; absent for informational rows. */
  readonly target?: number;
  readonly p50OverheadTarget?: number;
  readonly raw: Side;
  readonly natsflux: Side;
  /** Untimed clean-up after every run of either side (purge a stream, delete a consumer). */
  readonly after?: () => Promise<void>;
}

export interface BenchContext {
  readonly server: NatsServer;
  readonly plan: Plan;
  readonly log: (line: string) => void;
}

/** Workloads that share connections and streams; `open` prepares them, `close` releases everything. */
export interface Suite {
  readonly name: string;
  /** The ids of its workloads, known before opening (so `--only` can skip a suite without setting it up). */
  ids(plan: Plan): readonly string[];
  open(context: BenchContext): Promise<OpenSuite>;
}

export interface OpenSuite {
  readonly workloads: readonly Workload[];
  close(): Promise<void>;
}
