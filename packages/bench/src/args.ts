import { parseArgs } from "node:util";

export interface BenchArgs {
  readonly quick: boolean;
  readonly rounds: number | undefined;
  readonly only: readonly string[] | undefined;
  readonly memoryMessages: number | undefined;
  readonly memory: boolean;
  readonly out: string | undefined;
  /** Update docs/benchmarks.md and the chart; default: full runs of every workload. */
  readonly docs: boolean | undefined;
  /** Re-render the docs from this results file without measuring. */
  readonly render: string | undefined;
  readonly timeLimitS: number | undefined;
  readonly help: boolean;
}

export const usage = `pnpm bench [options]

Measures the raw @nats-io client and each natsflux layer on the same workloads against a private nats-server,
alternating raw and natsflux rounds, and reports medians and natsflux/raw ratios.

  --quick                CI mode: smaller runs, 3 rounds, about 1 minute; exits 1 only when a ratio is below
                         0.5 twice in a row. Writes results/quick.json and leaves the docs alone.
  --rounds N             measured rounds per side (default 5, quick 3)
  --only a,b             only workloads whose id contains one of these (e.g. js-consume,facade)
  --memory-messages N    size of the long-consume memory run (default 1000000, quick 50000)
  --million              the memory run at 1,000,000 messages (the full-run default; useful with --quick)
  --no-memory            skip the memory run
  --out FILE             results file (default results/latest.json, quick: results/quick.json)
  --docs / --no-docs     write docs/benchmarks.md and docs/benchmarks-ratios.svg (default: full runs of everything)
  --render [FILE]        only re-render the docs from a results file (default results/latest.json)
  --time-limit S         abort the run after S seconds (default 600, quick 240)

Env: NATS_SERVER_BIN (else scripts/ensure-nats-server.sh provides one).`;

const positiveInt = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${value}`);
  return n;
};

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== "--"),
    allowPositionals: true,
    options: {
      quick: { type: "boolean", default: false },
      rounds: { type: "string" },
      only: { type: "string" },
      "memory-messages": { type: "string" },
      million: { type: "boolean", default: false },
      "no-memory": { type: "boolean", default: false },
      out: { type: "string" },
      docs: { type: "boolean" },
      "no-docs": { type: "boolean" },
      render: { type: "boolean", default: false },
      "time-limit": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const docs = values["no-docs"] ? false : values.docs;
  return {
    quick: values.quick === true,
    rounds: positiveInt("--rounds", values.rounds),
    only: values.only === undefined ? undefined : values.only.split(",").filter((s) => s !== ""),
    memoryMessages: values.million ? 1_000_000 : positiveInt("--memory-messages", values["memory-messages"]),
    memory: values["no-memory"] !== true,
    out: values.out,
    docs,
    render: values.render ? (positionals[0] ?? "") : undefined,
    timeLimitS: positiveInt("--time-limit", values["time-limit"]),
    help: values.help === true,
  };
}
