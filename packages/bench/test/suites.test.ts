import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planFor } from "../src/plan.js";
import type { BenchContext, Suite } from "../src/workload.js";
import { corePubSubSuite } from "../src/workloads/core-pubsub.js";
import { facadeSuite } from "../src/workloads/facade.js";
import { jetStreamConsumeSuite } from "../src/workloads/js-consume.js";
import { jetStreamPublishSuite } from "../src/workloads/js-publish.js";

// A smoke run of every in-process suite at a tiny size, so the workloads cannot rot between benchmark runs.
// (Request-reply and memory run children under tsx; `pnpm bench --quick` covers them.)
const plan = planFor("quick", {
  rounds: 1,
  publishAwaited: 20,
  publishPipelined: 300,
  pipelineWindow: 64,
  consumeStored: 300,
  corePubSub: 3_000,
  facadeEvents: 200,
});

let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.[Symbol.asyncDispose]());

describe("benchmark suites", () => {
  const suites: Suite[] = [jetStreamPublishSuite, jetStreamConsumeSuite, corePubSubSuite, facadeSuite];
  for (const suite of suites) {
    it(`${suite.name}: declares its workloads and runs both sides of each`, async () => {
      const context: BenchContext = { server, plan, log: () => {} };
      const open = await suite.open(context);
      try {
        expect(open.workloads.map((w) => w.id)).toEqual(suite.ids(plan));
        for (const workload of open.workloads) {
          for (const side of ["raw", "natsflux"] as const) {
            const measurement = await workload[side].run();
            await workload.after?.();
            expect(measurement.rate, `${workload.id} ${side}`).toBeGreaterThan(0);
            expect(measurement.cpuUsPerOp, `${workload.id} ${side}`).toBeGreaterThan(0);
          }
        }
      } finally {
        await open.close();
      }
    });
  }
});
