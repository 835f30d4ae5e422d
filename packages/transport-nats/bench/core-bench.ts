// Core NATS throughput: natsflux (this package) against the raw nats.js client, in one run, alternating
// raw/natsflux rounds so both see the same machine state. Not part of `pnpm test`.
//
// Publish→subscribe is measured two ways, because nats.js writes its outbound buffer to the socket in a
// microtask queued by the first buffered message: a publisher that awaits every publish gives that
// microtask a turn after each message, i.e. one socket write per message, whatever the API.
//   - "pipelined": raw publishes synchronously; natsflux starts publishes without awaiting each one and
//     awaits them per batch. Same socket writes on both sides, so the ratio is natsflux's own overhead.
//   - "awaited": raw awaits after every publish, natsflux awaits every publish (the plain usage).
//
//   npx tsx --conditions=@natsflux/source packages/transport-nats/bench/core-bench.ts
//
// Env: BENCH_MESSAGES (publish→subscribe messages per round, default 200000), BENCH_REQUESTS (sequential
// requests per round, default 5000), BENCH_ROUNDS (rounds per side, default 3), NATS_SERVER_BIN.

import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { startServer, uniqueName } from "@natsflux/testing";
import { NatsPublisher, NatsRequester, NatsResponder, NatsSubscriber } from "../src/index.js";

interface Order {
  id: number;
  sku: string;
  qty: number;
}

const messages = Number(process.env.BENCH_MESSAGES ?? 200_000);
const requests = Number(process.env.BENCH_REQUESTS ?? 5_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
// Both sides yield to the event loop every `batch` publishes, so the outbound buffer stays bounded.
const batch = 1_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const order = (id: number): Order => ({ id, sku: "SKU-12345", qty: 3 });
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

// Promise.withResolvers is Node 22+; the workspace supports Node 20.
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Raw nats.js with the same JSON work natsflux's codec does, so the ratio is natsflux's own overhead. */
async function rawPubSub(pub: NatsConnection, sub: NatsConnection, awaited: boolean): Promise<number> {
  const subject = uniqueName("bench.raw");
  let received = 0;
  let checksum = 0;
  const done = deferred();
  const s = sub.subscribe(subject, {
    callback: (_err, msg) => {
      checksum += (JSON.parse(decoder.decode(msg.data)) as Order).id;
      if (++received === messages) done.resolve();
    },
  });
  await sub.flush();
  const started = performance.now();
  for (let i = 0; i < messages; i++) {
    pub.publish(subject, encoder.encode(JSON.stringify(order(i))));
    if (awaited) await undefined;
    if (i % batch === batch - 1) await yieldToLoop();
  }
  await done.promise;
  const elapsed = performance.now() - started;
  s.unsubscribe();
  if (checksum !== (messages * (messages - 1)) / 2) throw new Error("raw: lost messages");
  return (messages / elapsed) * 1000;
}

async function fluxPubSub(pub: NatsConnection, sub: NatsConnection, awaited: boolean): Promise<number> {
  const subject = uniqueName("bench.flux");
  const codec = jsonCodec<Order>();
  const subscriber = new NatsSubscriber(sub, codec);
  const publisher = new NatsPublisher(pub, codec);
  let received = 0;
  let checksum = 0;
  const done = deferred();
  await subscriber.subscribe(subject, (m) => {
    checksum += m.payload.id;
    if (++received === messages) done.resolve();
  });
  const started = performance.now();
  let pending: Promise<void>[] = [];
  for (let i = 0; i < messages; i++) {
    if (awaited) await publisher.publish(subject, order(i));
    else pending.push(publisher.publish(subject, order(i)));
    if (i % batch === batch - 1) {
      await Promise.all(pending);
      pending = [];
      await yieldToLoop();
    }
  }
  await Promise.all(pending);
  await done.promise;
  const elapsed = performance.now() - started;
  await subscriber.close();
  await publisher.close();
  if (checksum !== (messages * (messages - 1)) / 2) throw new Error("natsflux: lost messages");
  return (messages / elapsed) * 1000;
}

async function rawRequestReply(client: NatsConnection, service: NatsConnection): Promise<number> {
  const subject = uniqueName("bench.rawrr");
  const s = service.subscribe(subject, {
    queue: "bench",
    callback: (_err, msg) => {
      const o = JSON.parse(decoder.decode(msg.data)) as Order;
      msg.respond(encoder.encode(JSON.stringify(o.qty * 2)));
    },
  });
  await service.flush();
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    const reply = await client.request(subject, encoder.encode(JSON.stringify(order(i))), { timeout: 5000 });
    if ((JSON.parse(decoder.decode(reply.data)) as number) !== 6) throw new Error("raw: wrong reply");
  }
  const elapsed = performance.now() - started;
  s.unsubscribe();
  return (requests / elapsed) * 1000;
}

async function fluxRequestReply(client: NatsConnection, service: NatsConnection): Promise<number> {
  const subject = uniqueName("bench.fluxrr");
  const responder = new NatsResponder(service, jsonCodec<Order>(), jsonCodec<number>());
  const requester = new NatsRequester(client, jsonCodec<Order>(), jsonCodec<number>());
  await responder.serve(subject, (m) => m.payload.qty * 2, { queue: "bench" });
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    if ((await requester.request(subject, order(i))) !== 6) throw new Error("natsflux: wrong reply");
  }
  const elapsed = performance.now() - started;
  await requester.close();
  await responder.close();
  return (requests / elapsed) * 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(10);

async function main(): Promise<void> {
  const server = await startServer({ jetstream: false });
  const a = await connect({ servers: server.url });
  const b = await connect({ servers: server.url });
  console.log(
    `nats-server ${server.version}, node ${process.version}; ${messages} msgs/round pub→sub, ${requests} sequential requests/round, ${rounds} rounds per side`,
  );
  const cases = [
    {
      label: "pub→sub pipelined",
      unit: "msgs/s",
      raw: () => rawPubSub(a, b, false),
      flux: () => fluxPubSub(a, b, false),
    },
    {
      label: "pub→sub awaited",
      unit: "msgs/s",
      raw: () => rawPubSub(a, b, true),
      flux: () => fluxPubSub(a, b, true),
    },
    {
      label: "request-reply",
      unit: "req/s",
      raw: () => rawRequestReply(a, b),
      flux: () => fluxRequestReply(a, b),
    },
  ];
  const results = cases.map(() => ({ raw: [] as number[], flux: [] as number[] }));
  // Warm-up (JIT, request inbox), not measured.
  for (const c of cases) {
    await c.raw();
    await c.flux();
  }
  for (let round = 0; round < rounds; round++) {
    const line: string[] = [];
    for (const [i, c] of cases.entries()) {
      const raw = await c.raw();
      const flux = await c.flux();
      results[i]?.raw.push(raw);
      results[i]?.flux.push(flux);
      line.push(`${c.label} raw ${fmt(raw)} natsflux ${fmt(flux)}`);
    }
    console.log(`round ${round + 1}: ${line.join(" |")}`);
  }
  console.log("\nmedian of rounds:");
  for (const [i, c] of cases.entries()) {
    const raw = median(results[i]?.raw ?? []);
    const flux = median(results[i]?.flux ?? []);
    console.log(
      `${c.label.padEnd(18)} raw ${fmt(raw)} ${c.unit.padEnd(6)}  natsflux ${fmt(flux)} ${c.unit.padEnd(6)}  ratio ${(flux / raw).toFixed(2)}`,
    );
  }
  await a.close();
  await b.close();
  await server[Symbol.asyncDispose]();
}

await main();
