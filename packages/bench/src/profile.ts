// Runs one side of one workload several times, for `--cpu-prof`: where does that side spend its time?
//
//   pnpm --filter @natsflux/bench cpu-profile <workload id> <raw|natsflux> [runs]
//   (the script runs tsx with --cpu-prof --cpu-prof-dir=profiles; summarize a profile with
//    pnpm --filter @natsflux/bench cpu-profile:summary profiles/<file>.cpuprofile)

import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { packageRoot } from "./paths.js";
import { planFor } from "./plan.js";
import { serverBinaryPath, startBenchServer } from "./server.js";
import { fullGc } from "./util/gc.js";
import type { BenchContext, Suite } from "./workload.js";
import { corePubSubSuite } from "./workloads/core-pubsub.js";
import { facadeSuite } from "./workloads/facade.js";
import { jetStreamConsumeSuite } from "./workloads/js-consume.js";
import { jetStreamPublishSuite } from "./workloads/js-publish.js";
import { requestReplySuite } from "./workloads/request-reply.js";

const suites: readonly Suite[] = [
  jetStreamPublishSuite,
  jetStreamConsumeSuite,
  corePubSubSuite,
  requestReplySuite,
  facadeSuite,
];

async function main(id: string, side: "raw" | "natsflux", runs: number): Promise<void> {
  const server = await startBenchServer(serverBinaryPath());
  const context: BenchContext = { server, plan: planFor("full"), log: (line) => console.log(line) };
  try {
    for (const suite of suites) {
      const open = await suite.open(context);
      try {
        const workload = open.workloads.find((w) => w.id === id);
        if (workload === undefined) continue;
        await workload[side].run(); // warm-up, not profiled
        await workload.after?.();
        const session = new Session();
        session.connect();
        await session.post("Profiler.enable");
        await session.post("Profiler.start");
        for (let i = 0; i < runs; i++) {
          fullGc();
          const m = await workload[side].run();
          await workload.after?.();
          console.log(
            `${id} ${side} run ${i + 1}: ${Math.round(m.rate).toLocaleString("en-US")} ${workload.unit}`,
          );
        }
        const { profile } = await session.post("Profiler.stop");
        session.disconnect();
        const dir = join(packageRoot, "profiles");
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${id}-${side}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        console.log(`wrote ${file}`);
        return;
      } finally {
        await open.close();
      }
    }
    throw new Error(`no workload "${id}"`);
  } finally {
    await server[Symbol.asyncDispose]();
  }
}

const [id, side, runs] = process.argv.slice(2);
if (!id || (side !== "raw" && side !== "natsflux")) {
  console.error("usage: profile.ts <workload id> <raw|natsflux> [runs]");
  process.exit(2);
}
await main(id, side, Number(runs ?? 5));
process.exit(0);
