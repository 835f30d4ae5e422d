// Consumes a stored stream in a fresh process and samples its memory every 50 ms, so the figures belong to
// this consume alone. Prints one JSON line (MemoryRun) on stdout when done.
//
//   argv: <server url> <stream> <durable consumer> <side: raw | handler | iterator> <count>

import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { JetStreamSubscriber } from "@natsflux/transport-jetstream";
import type { MemorySample } from "../results.js";
import { deferred, sleep, withDeadline } from "../util/async.js";
import { fullGc } from "../util/gc.js";
import { bytesCodec } from "../util/payload.js";

export type MemorySide = "raw" | "handler" | "iterator";

export interface MemoryRun {
  readonly side: MemorySide;
  readonly count: number;
  readonly elapsedMs: number;
  readonly start: MemorySample;
  readonly end: MemorySample;
  readonly afterGc: MemorySample;
  readonly samples: readonly MemorySample[];
}

let consumed = 0;
let t0 = 0;

function sample(): MemorySample {
  const { rss, heapUsed } = process.memoryUsage();
  return { ms: Math.round(performance.now() - t0), consumed, rss, heapUsed };
}

async function consume(nc: NatsConnection, stream: string, name: string, side: MemorySide, count: number) {
  const done = deferred();
  const deadline = 60_000 + count / 2;
  if (side === "raw") {
    const consumer = await jetstream(nc).consumers.get(stream, name);
    const messages = await consumer.consume({
      callback: (m) => {
        m.ack();
        if (++consumed === count) done.resolve();
      },
    });
    await withDeadline(done.promise, deadline, "raw consume");
    await nc.flush();
    return () => messages.close().then(() => {});
  }
  const subscriber = new JetStreamSubscriber<Uint8Array>(nc, bytesCodec);
  if (side === "handler") {
    await subscriber.subscribe({ stream, consumer: name }, () => {
      if (++consumed === count) done.resolve();
    });
    await withDeadline(done.promise, deadline, "natsflux consume (handler)");
  } else {
    const messages = await subscriber.messages({ stream, consumer: name });
    const timer = setTimeout(() => void messages.stop(), deadline);
    for await (const m of messages) {
      m.ack();
      if (++consumed === count) break;
    }
    clearTimeout(timer);
    if (consumed < count) throw new Error(`natsflux consume (iterator): ${consumed} of ${count}`);
  }
  await nc.flush();
  return () => subscriber.close();
}

async function main(url: string, stream: string, name: string, side: MemorySide, count: number) {
  const nc = await connect({ servers: url });
  fullGc();
  await sleep(100);
  t0 = performance.now();
  const start = sample();
  const samples: MemorySample[] = [start];
  const sampler = setInterval(() => samples.push(sample()), 50);
  const began = performance.now();
  const stop = await consume(nc, stream, name, side, count);
  const elapsedMs = performance.now() - began;
  const end = sample();
  samples.push(end);
  clearInterval(sampler);
  await stop();
  fullGc();
  const afterGc = sample();
  await nc.close();
  const run: MemoryRun = { side, count, elapsedMs, start, end, afterGc, samples };
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

const [url, stream, name, side, count] = process.argv.slice(2);
if (!url || !stream || !name || (side !== "raw" && side !== "handler" && side !== "iterator") || !count) {
  console.error("usage: memory-consumer.ts <url> <stream> <consumer> <raw|handler|iterator> <count>");
  process.exit(2);
}
// The parent closing our stdin means it is gone: do not outlive it.
process.stdin.on("end", () => process.exit(1));
process.stdin.resume();
await main(url, stream, name, side, Number(count));
process.exit(0);
