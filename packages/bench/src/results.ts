// The shape of results/latest.json. Rates are per second; latencies in ms; memory in bytes.

export interface Measurement {
  /** Messages (or requests) per second. */
  readonly rate: number;
  /** CPU time (user + system) this process spent per message or request during the timed part, in µs. */
  readonly cpuUsPerOp?: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
}

export interface SideResult {
  /** One measurement per round, in the order they ran. */
  readonly rounds: readonly Measurement[];
  /** Median of the rounds, per figure. */
  readonly median: Measurement;
}

export interface WorkloadResult {
  readonly id: string;
  readonly group: string;
  readonly title: string;
  /** A few words for the chart. */
  readonly label: string;
  readonly unit: string;
  /** Messages or requests per round and side. */
  readonly count: number;
  readonly payloadBytes: number;
  /** What the raw side does and what the natsflux side does. */
  readonly raw: SideResult & { readonly how: string };
  readonly natsflux: SideResult & { readonly how: string };
  /** natsflux median rate / raw median rate. */
  readonly ratio: number;
  /** natsflux median p50 / raw median p50 − 1 (request-reply only). */
  readonly p50Overhead?: number;
  /** The ratio natsflux should reach on this machine; absent for informational rows. */
  readonly target?: number;
  /** The highest p50 overhead allowed (request-reply). */
  readonly p50OverheadTarget?: number;
  readonly meetsTarget?: boolean;
}

export interface MemorySample {
  readonly ms: number;
  readonly consumed: number;
  readonly rss: number;
  readonly heapUsed: number;
}

export interface MemoryFigures {
  readonly start: number;
  readonly peak: number;
  readonly end: number;
  /** After the consumer stopped and a full GC ran: what the run left behind. */
  readonly afterGc: number;
  /** Highest value while the first half of the messages was consumed, and while the second half was. */
  readonly peakFirstHalf: number;
  readonly peakSecondHalf: number;
}

export interface MemoryResult {
  readonly id: string;
  readonly title: string;
  readonly messages: number;
  readonly payloadBytes: number;
  readonly rate: number;
  readonly rss: MemoryFigures;
  readonly heapUsed: MemoryFigures;
  /** Second-half peak within 10% + 16 MiB of the first-half peak (RSS and heap): memory does not grow with the count. */
  readonly flat: boolean;
  /** Samples taken (every 50 ms), and up to 40 of them evenly spread, for a closer look. */
  readonly samples: number;
  readonly series: readonly MemorySample[];
}

export interface Environment {
  readonly cpuModel: string;
  readonly cpus: number;
  readonly totalMemoryBytes: number;
  readonly os: string;
  readonly node: string;
  readonly natsServer: string;
  readonly natsServerBin: string;
  readonly clients: Readonly<Record<string, string>>;
  readonly commit: string;
  /** 1-minute load average when the run started and when it ended (the machine may be shared). */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

export interface GateResult {
  readonly threshold: number;
  readonly passed: boolean;
  /** Workloads whose ratio stayed below the threshold after being measured again. */
  readonly failures: ReadonlyArray<{ readonly id: string; readonly ratio: number; readonly recheck: number }>;
}

export interface BenchResults {
  readonly schema: 1;
  readonly mode: "quick" | "full";
  readonly startedAt: string;
  readonly durationS: number;
  readonly rounds: number;
  readonly environment: Environment;
  readonly workloads: readonly WorkloadResult[];
  readonly memory: readonly MemoryResult[];
  readonly gate?: GateResult;
}
