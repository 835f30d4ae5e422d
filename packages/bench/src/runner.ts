import type { Measurement, SideResult, WorkloadResult } from "./results.js";
import { sleep } from "./util/async.js";
import { fullGc } from "./util/gc.js";
import { median } from "./util/stats.js";
import type { BenchContext, OpenSuite, Suite, Workload } from "./workload.js";

export interface RunOptions {
  /** Runs only workloads whose id contains one of these. */
  readonly only?: readonly string[];
  /**
   * Gate mode: a workload whose ratio comes out below this is measured again (as many rounds again), and the
   * ratio of the second measurement is reported next to the first. A gross regression shows in both; noise
   * rarely does.
   */
  readonly recheckBelow?: number;
}

export interface MeasuredWorkload {
  readonly result: WorkloadResult;
  /** The ratio of the second measurement, when the first fell below `recheckBelow`. */
  readonly recheck?: number;
}

/** Opens `suite`, runs each selected workload (warm-up, then alternating rounds) and closes the suite. */
export async function runSuite(
  suite: Suite,
  context: BenchContext,
  options: RunOptions = {},
): Promise<MeasuredWorkload[]> {
  const selected = (id: string) => !options.only || options.only.some((part) => id.includes(part));
  if (!suite.ids(context.plan).some(selected)) return [];
  context.log(`\n${suite.name}`);
  const open: OpenSuite = await suite.open(context);
  const measured: MeasuredWorkload[] = [];
  try {
    const declared = suite.ids(context.plan).join(",");
    const actual = open.workloads.map((w) => w.id).join(",");
    if (declared !== actual) throw new Error(`${suite.name}: ids() says ${declared}, open() made ${actual}`);
    for (const workload of open.workloads.filter((w) => selected(w.id))) {
      context.log(`  ${workload.title}`);
      const result = await measure(workload, context);
      let recheck: number | undefined;
      if (options.recheckBelow !== undefined && result.ratio < options.recheckBelow) {
        context.log(`    ratio ${result.ratio.toFixed(2)} is below ${options.recheckBelow}: measuring again`);
        recheck = (await measure(workload, context)).ratio;
      }
      measured.push(recheck === undefined ? { result } : { result, recheck });
    }
  } finally {
    await open.close();
  }
  return measured;
}

/** One warm-up run per side (not recorded), then `rounds` rounds of both sides in alternating order; medians and the ratio. */
async function measure(workload: Workload, { plan, log }: BenchContext): Promise<WorkloadResult> {
  const run = async (side: "raw" | "natsflux"): Promise<Measurement> => {
    fullGc();
    await sleep(50);
    const measurement = await workload[side].run();
    await workload.after?.();
    return measurement;
  };
  await run("raw");
  await run("natsflux");
  const raw: Measurement[] = [];
  const flux: Measurement[] = [];
  for (let round = 1; round <= plan.rounds; round++) {
    // Which side goes first alternates (raw, natsflux; natsflux, raw; ...), so neither always inherits the
    // server and heap state the other one left behind.
    const rawFirst = round % 2 === 1;
    const first = await run(rawFirst ? "raw" : "natsflux");
    const second = await run(rawFirst ? "natsflux" : "raw");
    const r = rawFirst ? first : second;
    const f = rawFirst ? second : first;
    raw.push(r);
    flux.push(f);
    log(`    round ${round}: raw ${describe(r, workload.unit)} | natsflux ${describe(f, workload.unit)}`);
  }
  const rawMedian = medianOf(raw);
  const fluxMedian = medianOf(flux);
  const ratio = fluxMedian.rate / rawMedian.rate;
  const p50Overhead =
    rawMedian.p50Ms !== undefined && fluxMedian.p50Ms !== undefined
      ? fluxMedian.p50Ms / rawMedian.p50Ms - 1
      : undefined;
  const meetsTarget =
    workload.target === undefined
      ? undefined
      : ratio >= workload.target &&
        (workload.p50OverheadTarget === undefined ||
          p50Overhead === undefined ||
          p50Overhead <= workload.p50OverheadTarget);
  log(
    `    median: raw ${describe(rawMedian, workload.unit)} | natsflux ${describe(fluxMedian, workload.unit)} | ratio ${ratio.toFixed(2)}` +
      (workload.target === undefined
        ? ""
        : ` (target ${workload.target}: ${meetsTarget ? "met" : "MISSED"})`),
  );
  const side = (how: string, rounds: Measurement[], m: Measurement): SideResult & { how: string } => ({
    how,
    rounds,
    median: m,
  });
  return {
    id: workload.id,
    group: workload.group,
    title: workload.title,
    label: workload.label,
    unit: workload.unit,
    count: workload.count,
    payloadBytes: workload.payloadBytes,
    raw: side(workload.raw.how, raw, rawMedian),
    natsflux: side(workload.natsflux.how, flux, fluxMedian),
    ratio,
    ...(p50Overhead === undefined ? {} : { p50Overhead }),
    ...(workload.target === undefined ? {} : { target: workload.target }),
    ...(workload.p50OverheadTarget === undefined ? {} : { p50OverheadTarget: workload.p50OverheadTarget }),
    ...(meetsTarget === undefined ? {} : { meetsTarget }),
  };
}

function medianOf(measurements: readonly Measurement[]): Measurement {
  const rate = median(measurements.map((m) => m.rate));
  const cpu = measurements.flatMap((m) => (m.cpuUsPerOp === undefined ? [] : [m.cpuUsPerOp]));
  const p50 = measurements.flatMap((m) => (m.p50Ms === undefined ? [] : [m.p50Ms]));
  const p99 = measurements.flatMap((m) => (m.p99Ms === undefined ? [] : [m.p99Ms]));
  return {
    rate,
    ...(cpu.length > 0 ? { cpuUsPerOp: median(cpu) } : {}),
    ...(p50.length > 0 ? { p50Ms: median(p50) } : {}),
    ...(p99.length > 0 ? { p99Ms: median(p99) } : {}),
  };
}

function describe(m: Measurement, unit: string): string {
  const cpu = m.cpuUsPerOp === undefined ? "" : `, ${m.cpuUsPerOp.toFixed(1)} µs CPU`;
  const rate = `${Math.round(m.rate).toLocaleString("en-US")} ${unit}${cpu}`;
  if (m.p50Ms === undefined) return rate;
  return `${rate} (p50 ${m.p50Ms.toFixed(3)} ms, p99 ${(m.p99Ms ?? 0).toFixed(3)} ms)`;
}
