import { jetstream, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import type { MemoryRun, MemorySide } from "../children/memory-consumer.js";
import type { MemoryFigures, MemoryResult, MemorySample } from "../results.js";
import { spawnChild } from "../util/child.js";
import { payloadOf } from "../util/payload.js";
import { perSecond } from "../util/stats.js";
import type { BenchContext } from "../workload.js";
import { Consumers, storeMessages } from "./js-consume.js";
import { deleteStream } from "./js-publish.js";

const stream = "BENCH_MEMORY";
const payloadBytes = 128;
const MiB = 1024 * 1024;

const sides: ReadonlyArray<{ side: MemorySide; title: string }> = [
  { side: "raw", title: "raw consume({ callback }) + ack" },
  { side: "handler", title: "natsflux JetStreamSubscriber.subscribe(handler), auto-ack" },
  { side: "iterator", title: "natsflux for await JetStreamSubscriber.messages() + ack" },
];

/**
 * Memory of a long consume: `memoryMessages` are stored once, then each side consumes all of them in its own
 * process, sampling RSS and heap every 50 ms. Flat means the second half of the run peaks no higher than the
 * first half (within 10% + 16 MiB): memory depends on the buffer sizes, not on how many messages went by.
 */
export async function measureMemory({ server, plan, log }: BenchContext): Promise<MemoryResult[]> {
  const count = plan.memoryMessages;
  const nc = await connect({ servers: server.url });
  const jsm = await jetstreamManager(nc);
  try {
    await deleteStream(jsm, stream);
    await jsm.streams.add({ name: stream, subjects: ["bench.memory.>"], storage: StorageType.File });
    const storing = performance.now();
    await storeMessages(jetstream(nc), "bench.memory.x", payloadOf(payloadBytes), count, plan.pipelineWindow);
    log(
      `  stored ${count.toLocaleString("en-US")} messages in ${Math.round(performance.now() - storing)} ms`,
    );
    const consumers = new Consumers(jsm, stream);
    const results: MemoryResult[] = [];
    for (const { side, title } of sides) {
      const name = await consumers.create();
      const child = spawnChild(new URL("../children/memory-consumer.ts", import.meta.url), [
        server.url,
        stream,
        name,
        side,
        String(count),
      ]);
      try {
        const line = await child.waitForLine(
          (l) => l.startsWith("{"),
          120_000 + count / 2,
          `memory (${side})`,
        );
        const result = summarize(side, title, JSON.parse(line) as MemoryRun);
        results.push(result);
        log(
          `  ${side.padEnd(8)} ${Math.round(result.rate).toLocaleString("en-US").padStart(9)} msgs/s  ` +
            `RSS ${mib(result.rss.start)} → peak ${mib(result.rss.peak)} → end ${mib(result.rss.end)}  ` +
            `heap ${mib(result.heapUsed.start)} → peak ${mib(result.heapUsed.peak)} → end ${mib(result.heapUsed.end)}  ` +
            (result.flat ? "flat" : "GROWS"),
        );
      } finally {
        await child.stop();
      }
      await consumers.check(count);
    }
    return results;
  } finally {
    await deleteStream(jsm, stream);
    await nc.close();
  }
}

const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;

function figures(run: MemoryRun, pick: (s: MemorySample) => number): MemoryFigures {
  const half = run.count / 2;
  const during = run.samples;
  const peakOf = (list: readonly MemorySample[]) => list.reduce((max, s) => Math.max(max, pick(s)), 0);
  return {
    start: pick(run.start),
    peak: peakOf(during),
    end: pick(run.end),
    afterGc: pick(run.afterGc),
    peakFirstHalf: peakOf(during.filter((s) => s.consumed <= half)),
    peakSecondHalf: peakOf(during.filter((s) => s.consumed > half)),
  };
}

export function isFlat(f: MemoryFigures): boolean {
  return f.peakSecondHalf <= f.peakFirstHalf * 1.1 + 16 * MiB;
}

function summarize(side: MemorySide, title: string, run: MemoryRun): MemoryResult {
  const rss = figures(run, (s) => s.rss);
  const heapUsed = figures(run, (s) => s.heapUsed);
  const step = Math.max(1, Math.ceil(run.samples.length / 40));
  return {
    id: `memory-${side}`,
    title,
    messages: run.count,
    payloadBytes,
    rate: perSecond(run.count, run.elapsedMs),
    rss,
    heapUsed,
    flat: isFlat(rss) && isFlat(heapUsed),
    samples: run.samples.length,
    series: run.samples.filter((_, i) => i % step === 0 || i === run.samples.length - 1),
  };
}
