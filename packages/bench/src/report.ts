import type { BenchResults, MemoryFigures, WorkloadResult } from "./results.js";

const MiB = 1024 * 1024;
const rate = (n: number) => Math.round(n).toLocaleString("en-US");
const ms = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(3));
const mib = (n: number) => (n / MiB).toFixed(1);
const cpu = (n: number | undefined) => (n === undefined ? "–" : n.toFixed(1));
const pct = (n: number) => `${n >= 0 ? "+" : ""}${(n * 100).toFixed(0)}%`;

function verdict(w: WorkloadResult): string {
  if (w.target === undefined) return "–";
  const target = `≥ ${w.target.toFixed(2)}${w.p50OverheadTarget === undefined ? "" : `, p50 ≤ +${w.p50OverheadTarget * 100}%`}`;
  return `${target} ${w.meetsTarget ? "✅" : "❌"}`;
}

/** The throughput table: one row per workload, medians and the natsflux/raw ratio. */
export function throughputTable(results: BenchResults): string {
  const rows = results.workloads.map(
    (w) =>
      `| ${w.group} | ${w.title} | ${rate(w.raw.median.rate)} | ${rate(w.natsflux.median.rate)} | ${w.unit} | **${w.ratio.toFixed(2)}** | ${verdict(w)} | ${cpu(w.raw.median.cpuUsPerOp)} / ${cpu(w.natsflux.median.cpuUsPerOp)} |`,
  );
  return [
    "| Group | Workload | raw | natsflux | unit | natsflux/raw | target | client CPU µs per message, raw / natsflux |",
    "|---|---|--:|--:|---|--:|---|--:|",
    ...rows,
  ].join("\n");
}

/** Latency percentiles, for the workloads that have them (request-reply). */
export function latencyTable(results: BenchResults): string {
  const rows = results.workloads
    .filter((w) => w.raw.median.p50Ms !== undefined)
    .map(
      (w) =>
        `| ${w.title} | ${ms(w.raw.median.p50Ms)} | ${ms(w.natsflux.median.p50Ms)} | ${w.p50Overhead === undefined ? "–" : pct(w.p50Overhead)} | ${ms(w.raw.median.p99Ms)} | ${ms(w.natsflux.median.p99Ms)} |`,
    );
  if (rows.length === 0) return "";
  return [
    "| Workload | raw p50 (ms) | natsflux p50 (ms) | p50 overhead | raw p99 (ms) | natsflux p99 (ms) |",
    "|---|--:|--:|--:|--:|--:|",
    ...rows,
  ].join("\n");
}

const memoryCells = (f: MemoryFigures) =>
  `${mib(f.start)} / ${mib(f.peak)} / ${mib(f.end)} / ${mib(f.afterGc)} | ${mib(f.peakFirstHalf)} → ${mib(f.peakSecondHalf)}`;

function memoryTable(results: BenchResults): string {
  if (results.memory.length === 0) return "";
  const rows = results.memory.map(
    (m) =>
      `| ${m.title} | ${rate(m.messages)} | ${rate(m.rate)} | ${memoryCells(m.rss)} | ${memoryCells(m.heapUsed)} | ${m.flat ? "flat ✅" : "grows ❌"} |`,
  );
  return [
    "| Consumer (own process) | messages | msgs/s | RSS MiB start / peak / end / after GC | RSS peak 1st half → 2nd half | heap MiB start / peak / end / after GC | heap peak 1st half → 2nd half | memory |",
    "|---|--:|--:|--:|--:|--:|--:|---|",
    ...rows,
  ].join("\n");
}

/** Every round of every workload, so the spread behind each median is visible. */
function roundsTable(results: BenchResults): string {
  const rows = results.workloads.map(
    (w) =>
      `| ${w.id} | ${w.raw.rounds.map((m) => rate(m.rate)).join(" / ")} | ${w.natsflux.rounds.map((m) => rate(m.rate)).join(" / ")} |`,
  );
  return ["| Workload | raw, per round | natsflux, per round |", "|---|---|---|", ...rows].join("\n");
}

function methodTable(results: BenchResults): string {
  const rows = results.workloads.map(
    (w) => `| ${w.id} | ${rate(w.count)} × ${w.payloadBytes} B | ${w.raw.how} | ${w.natsflux.how} |`,
  );
  return ["| Workload | per run | raw | natsflux |", "|---|---|---|---|", ...rows].join("\n");
}

function environmentLines(results: BenchResults): string {
  const e = results.environment;
  const clients = Object.entries(e.clients)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  return [
    `- Run: ${results.startedAt}, \`${results.mode}\` mode, ${results.rounds} rounds per side (after one warm-up run each), ${Math.round(results.durationS)} s in all`,
    `- Machine: ${e.cpus} × ${e.cpuModel}, ${(e.totalMemoryBytes / 1024 ** 3).toFixed(0)} GiB RAM, ${e.os}; load average ${e.loadAverage.start.toFixed(2)} at the start, ${e.loadAverage.end.toFixed(2)} at the end`,
    `- Node ${e.node}; nats-server ${e.natsServer} (same host, loopback, file storage); ${clients}`,
    `- natsflux commit ${e.commit}`,
  ].join("\n");
}

/** The whole results section of docs/benchmarks.md. */
export function resultsMarkdown(results: BenchResults, chartPath: string): string {
  const parts = [
    environmentLines(results),
    `![natsflux/raw ratio per workload](${chartPath})`,
    "### Throughput (median of rounds)",
    throughputTable(results),
  ];
  const latency = latencyTable(results);
  if (latency) parts.push("### Request-reply latency (median of the per-round percentiles)", latency);
  const memory = memoryTable(results);
  if (memory) parts.push("### Memory of a long consume", memory);
  parts.push(
    "<details><summary>Every round</summary>\n",
    roundsTable(results),
    "\n</details>",
    "<details><summary>What each side does</summary>\n",
    methodTable(results),
    "\n</details>",
  );
  return parts.join("\n\n");
}

/** A compact plain-text summary for the terminal. */
export function terminalSummary(results: BenchResults): string {
  const lines = results.workloads.map((w) => {
    const target =
      w.target === undefined ? "" : `  target ${w.target.toFixed(2)} ${w.meetsTarget ? "met" : "MISSED"}`;
    const latency =
      w.raw.median.p50Ms === undefined
        ? ""
        : `  p50 ${ms(w.raw.median.p50Ms)}/${ms(w.natsflux.median.p50Ms)} ms  p99 ${ms(w.raw.median.p99Ms)}/${ms(w.natsflux.median.p99Ms)} ms`;
    return `${w.label.padEnd(30)} raw ${rate(w.raw.median.rate).padStart(10)}  natsflux ${rate(w.natsflux.median.rate).padStart(10)} ${w.unit.padEnd(6)}  ratio ${w.ratio.toFixed(2)}${target}${latency}`;
  });
  return lines.join("\n");
}
