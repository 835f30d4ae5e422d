// `pnpm bench`: the raw @nats-io v3 client against each natsflux layer, on the same workloads, in one run.
// See docs/benchmarks.md for what is measured and how; `pnpm bench --help` for the options.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { type BenchArgs, parseBenchArgs, usage } from "./args.js";
import { ratioChartSvg } from "./chart.js";
import { updateDoc } from "./docs.js";
import { currentLoad, environment } from "./environment.js";
import { gate, grossRegression } from "./gate.js";
import { packageRoot, repoRoot } from "./paths.js";
import { planFor } from "./plan.js";
import { resultsMarkdown, terminalSummary } from "./report.js";
import type { BenchResults, MemoryResult } from "./results.js";
import { type MeasuredWorkload, runSuite } from "./runner.js";
import { serverBinaryPath, startBenchServer } from "./server.js";
import type { BenchContext, Suite } from "./workload.js";
import { corePubSubSuite } from "./workloads/core-pubsub.js";
import { facadeSuite } from "./workloads/facade.js";
import { jetStreamConsumeSuite } from "./workloads/js-consume.js";
import { jetStreamPublishSuite } from "./workloads/js-publish.js";
import { measureMemory } from "./workloads/memory.js";
import { requestReplySuite } from "./workloads/request-reply.js";

const suites: readonly Suite[] = [
  jetStreamPublishSuite,
  jetStreamConsumeSuite,
  corePubSubSuite,
  requestReplySuite,
  facadeSuite,
];

const docPath = join(repoRoot, "docs/benchmarks.md");
const chartPath = join(repoRoot, "docs/benchmarks-ratios.svg");

const log = (line: string) => console.log(line);

function writeDocs(results: BenchResults): void {
  writeFileSync(chartPath, ratioChartSvg(results));
  updateDoc(docPath, resultsMarkdown(results, relative(dirname(docPath), chartPath)));
  log(`wrote ${relative(repoRoot, docPath)} and ${relative(repoRoot, chartPath)}`);
}

async function run(args: BenchArgs): Promise<number> {
  const mode = args.quick ? "quick" : "full";
  const plan = planFor(mode, {
    ...(args.rounds === undefined ? {} : { rounds: args.rounds }),
    ...(args.memoryMessages === undefined ? {} : { memoryMessages: args.memoryMessages }),
  });
  const out = resolve(args.out ?? join(packageRoot, "results", args.quick ? "quick.json" : "latest.json"));
  const docs = args.docs ?? (!args.quick && args.only === undefined);
  const limitS =
    args.timeLimitS ?? (args.quick ? 240 : 600 + Math.max(0, (plan.memoryMessages - 1_000_000) / 1e6) * 300);
  // The hard bound: whatever hangs, the run ends (and the exit handlers kill the server and children).
  const watchdog = setTimeout(() => {
    console.error(`bench: aborted after the ${limitS} s time limit`);
    process.exit(2);
  }, limitS * 1000);
  watchdog.unref();

  const loadAtStart = currentLoad();
  const began = performance.now();
  const startedAt = new Date().toISOString();
  const bin = serverBinaryPath();
  const server = await startBenchServer(bin);
  log(
    `natsflux bench (${mode}): nats-server ${server.version}, Node ${process.version}, ${plan.rounds} rounds per side, load average ${loadAtStart.toFixed(2)}`,
  );
  const context: BenchContext = { server, plan, log };
  const measured: MeasuredWorkload[] = [];
  let memory: MemoryResult[] = [];
  try {
    for (const suite of suites) {
      measured.push(
        ...(await runSuite(suite, context, {
          ...(args.only === undefined ? {} : { only: args.only }),
          ...(args.quick ? { recheckBelow: grossRegression } : {}),
        })),
      );
    }
    if (args.memory && (args.only === undefined || args.only.some((o) => "memory".includes(o)))) {
      log(
        `\nMemory: ${plan.memoryMessages.toLocaleString("en-US")}-message consume, each side in its own process`,
      );
      memory = await measureMemory(context);
    }
  } finally {
    await server[Symbol.asyncDispose]();
  }

  const gateResult = args.quick ? gate(measured) : undefined;
  const results: BenchResults = {
    schema: 1,
    mode,
    startedAt,
    durationS: (performance.now() - began) / 1000,
    rounds: plan.rounds,
    environment: environment({ version: server.version, bin }, loadAtStart),
    workloads: measured.map((m) => m.result),
    memory,
    ...(gateResult === undefined ? {} : { gate: gateResult }),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(
    `\n${terminalSummary(results)}\n\nwrote ${relative(process.cwd(), out)} (${Math.round(results.durationS)} s)`,
  );
  if (docs) writeDocs(results);
  clearTimeout(watchdog);
  if (gateResult && !gateResult.passed) {
    for (const f of gateResult.failures) {
      console.error(
        `bench: gross regression in ${f.id}: natsflux/raw ${f.ratio.toFixed(2)}, then ${f.recheck.toFixed(2)} (threshold ${gateResult.threshold})`,
      );
    }
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    log(usage);
    return 0;
  }
  if (args.render !== undefined) {
    const file = resolve(args.render || join(packageRoot, "results/latest.json"));
    writeDocs(JSON.parse(readFileSync(file, "utf8")) as BenchResults);
    return 0;
  }
  return run(args);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("bench failed:", error);
    process.exit(2);
  },
);
