/**
 * Quick throughput check of the JetStream transport against the raw nats.js v3 client, on a nats-server the
 * harness starts. Not part of the test suite. Run from the repo root:
 *
 *   NATS_SERVER_BIN=$(bash scripts/ensure-nats-server.sh) npx tsx packages/transport-jetstream/bench/js-bench.ts
 *
 * Raw and natsflux runs alternate within one process so machine noise hits both alike; medians are printed.
 * BENCH_ROUNDS (default 3), BENCH_PUBLISH (default 100000) and BENCH_CONSUME (default 100000) scale it.
 */
import {
  AckPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { Codec } from "@natsflux/core";
import { startServer } from "@natsflux/testing";
import { JetStreamPublisher, JetStreamSubscriber } from "../src/index.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const publishCount = Number(process.env.BENCH_PUBLISH ?? 100_000);
const consumeCount = Number(process.env.BENCH_CONSUME ?? 100_000);
const window = 256;
const payload = new Uint8Array(128).fill(120);

// Bytes in, bytes out: the comparison measures the transport, not a serializer.
const bytes: Codec<Uint8Array> = {
  name: "bytes",
  contentType: "application/octet-stream",
  encode: (value) => value,
  decode: (data) => data,
};

type Result = Record<string, number[]>;

async function main(): Promise<void> {
  const server = await startServer();
  const nc = await connect({ servers: server.url, maxReconnectAttempts: -1 });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const results: Result = {};
  const record = (name: string, perSecond: number) => {
    results[name] = [...(results[name] ?? []), perSecond];
    console.log(`  ${name.padEnd(34)} ${Math.round(perSecond).toLocaleString("en-US").padStart(9)} msgs/s`);
  };
  try {
    console.log(`nats-server ${server.version}, node ${process.version}, ${rounds} rounds`);
    for (let round = 1; round <= rounds && publishCount > 0; round++) {
      console.log(`round ${round}: publish ${publishCount} x 128 B, window ${window}`);
      record("publish raw (Promise.all x256)", await publishRaw(js, jsm, round));
      record("publish natsflux pipeline(256)", await publishPipeline(nc, jsm, round));
    }
    if (consumeCount > 0) await storeForConsume(js, jsm);
    for (let round = 1; round <= rounds && consumeCount > 0; round++) {
      console.log(`round ${round}: consume + ack ${consumeCount} stored messages`);
      record("consume raw callback", await consumeRaw(nc, js, jsm, `raw_cb_${round}`, "callback"));
      record("consume natsflux handler", await consumeNatsflux(nc, jsm, `nf_${round}`, false));
      record("consume natsflux async handler", await consumeNatsflux(nc, jsm, `nfa_${round}`, true));
      record("consume raw iterator", await consumeRaw(nc, js, jsm, `raw_it_${round}`, "iterator"));
    }
  } finally {
    await nc.close();
    await server[Symbol.asyncDispose]();
  }
  summarize(results);
}

async function freshStream(jsm: JetStreamManager, name: string): Promise<void> {
  await jsm.streams.delete(name).catch(() => {});
  await jsm.streams.add({ name, subjects: [`${name}.>`], storage: "file" });
}

async function publishRaw(js: JetStreamClient, jsm: JetStreamManager, round: number): Promise<number> {
  const stream = `PUBRAW${round}`;
  await freshStream(jsm, stream);
  const started = performance.now();
  for (let i = 0; i < publishCount; i += window) {
    const acks: Array<Promise<unknown>> = [];
    for (let j = 0; j < window && i + j < publishCount; j++) acks.push(js.publish(`${stream}.x`, payload));
    await Promise.all(acks);
  }
  const rate = publishCount / ((performance.now() - started) / 1000);
  await jsm.streams.delete(stream);
  return rate;
}

async function publishPipeline(nc: NatsConnection, jsm: JetStreamManager, round: number): Promise<number> {
  const stream = `PUBNF${round}`;
  await freshStream(jsm, stream);
  const publisher = new JetStreamPublisher(nc, bytes);
  const pipe = publisher.pipeline({ window });
  const started = performance.now();
  for (let i = 0; i < publishCount; i++) await pipe.publish(`${stream}.x`, payload);
  const summary = await pipe.flush();
  const rate = publishCount / ((performance.now() - started) / 1000);
  if (summary.acked !== publishCount) throw new Error(`pipeline acked ${summary.acked}/${publishCount}`);
  await publisher.close();
  await jsm.streams.delete(stream);
  return rate;
}

async function storeForConsume(js: JetStreamClient, jsm: JetStreamManager): Promise<void> {
  await freshStream(jsm, "CONSUME");
  for (let i = 0; i < consumeCount; i += window) {
    const acks: Array<Promise<unknown>> = [];
    for (let j = 0; j < window && i + j < consumeCount; j++) acks.push(js.publish("CONSUME.x", payload));
    await Promise.all(acks);
  }
}

async function durable(jsm: JetStreamManager, name: string): Promise<void> {
  await jsm.consumers.add("CONSUME", {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    max_ack_pending: 20_000,
  });
}

async function consumeRaw(
  nc: NatsConnection,
  js: JetStreamClient,
  jsm: JetStreamManager,
  name: string,
  style: "callback" | "iterator",
): Promise<number> {
  await durable(jsm, name);
  const consumer = await js.consumers.get("CONSUME", name);
  let count = 0;
  const started = performance.now();
  if (style === "callback") {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const messages = await consumer.consume({
      callback: (m) => {
        m.ack();
        if (++count === consumeCount) finish();
      },
    });
    await finished;
    messages.stop();
  } else {
    const messages = await consumer.consume();
    for await (const m of messages) {
      m.ack();
      if (++count === consumeCount) break;
    }
  }
  await nc.flush();
  const rate = consumeCount / ((performance.now() - started) / 1000);
  await checkAcked(jsm, name);
  return rate;
}

async function consumeNatsflux(
  nc: NatsConnection,
  jsm: JetStreamManager,
  name: string,
  async: boolean,
): Promise<number> {
  await durable(jsm, name);
  const subscriber = new JetStreamSubscriber(nc, bytes);
  let count = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const started = performance.now();
  const handler = () => {
    if (++count === consumeCount) done();
  };
  const subscription = await subscriber.subscribe(
    { stream: "CONSUME", consumer: name },
    async ? async () => handler() : handler,
  );
  await finished;
  await nc.flush();
  const rate = consumeCount / ((performance.now() - started) / 1000);
  await subscription.stop();
  await checkAcked(jsm, name);
  return rate;
}

async function checkAcked(jsm: JetStreamManager, name: string): Promise<void> {
  const info = await jsm.consumers.info("CONSUME", name);
  if (info.ack_floor.stream_seq < consumeCount) {
    throw new Error(`${name}: ack floor ${info.ack_floor.stream_seq} < ${consumeCount}`);
  }
  await jsm.consumers.delete("CONSUME", name);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function summarize(results: Result): void {
  const m = (name: string) => median(results[name] ?? []);
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log("\nmedians (msgs/s)");
  for (const name of Object.keys(results)) console.log(`  ${name.padEnd(34)} ${fmt(m(name)).padStart(9)}`);
  console.log("\nratios (natsflux / raw)");
  const ratio = (a: string, b: string) => (m(a) / m(b)).toFixed(2);
  console.log(
    `  publish pipeline / raw Promise.all      ${ratio("publish natsflux pipeline(256)", "publish raw (Promise.all x256)")}`,
  );
  console.log(
    `  handler consume / raw consume callback  ${ratio("consume natsflux handler", "consume raw callback")}`,
  );
  console.log(
    `  handler consume / raw consume iterator  ${ratio("consume natsflux handler", "consume raw iterator")}`,
  );
  console.log(
    `  async handler / raw consume iterator    ${ratio("consume natsflux async handler", "consume raw iterator")}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
