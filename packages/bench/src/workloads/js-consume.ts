import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  StorageType,
} from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { MessageStream } from "@natsflux/core";
import { type JetStreamMessage, JetStreamSubscriber } from "@natsflux/transport-jetstream";
import type { Measurement } from "../results.js";
import { deferred, sleep, withDeadline } from "../util/async.js";
import { bytesCodec, payloadOf } from "../util/payload.js";
import { Stopwatch } from "../util/stopwatch.js";
import type { BenchContext, OpenSuite, Suite, Workload } from "../workload.js";
import { deleteStream } from "./js-publish.js";

const stream = "BENCH_CONSUME";
const payloadBytes = 128;
/** As in the raw baseline: room for every pull strategy, so the server never throttles either side. */
const maxAckPending = 20_000;

/**
 * JetStream consume with an ack per message. `count` messages are stored once (not timed); every run reads
 * all of them through a fresh durable consumer, so each side does exactly the same work.
 */
export const jetStreamConsumeSuite: Suite = {
  name: "JetStream consume",
  ids: () => ["js-consume-handler", "js-consume-iterator"],
  async open({ server, plan, log }: BenchContext): Promise<OpenSuite> {
    const nc = await connect({ servers: server.url });
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const count = plan.consumeStored;
    await deleteStream(jsm, stream);
    await jsm.streams.add({ name: stream, subjects: ["bench.consume.>"], storage: StorageType.File });
    const stored = performance.now();
    await storeMessages(js, "bench.consume.x", payloadOf(payloadBytes), count, plan.pipelineWindow);
    log(`  stored ${count.toLocaleString("en-US")} messages in ${Math.round(performance.now() - stored)} ms`);
    const subscriber = new JetStreamSubscriber<Uint8Array>(nc, bytesCodec);
    const consumers = new Consumers(jsm, stream);
    const workloads: Workload[] = [
      {
        id: "js-consume-handler",
        label: "JS consume + ack, handler",
        group: "JetStream consume + ack",
        title: `consume + ack, handler (${count.toLocaleString("en-US")} stored, 128 B)`,
        unit: "msgs/s",
        count,
        payloadBytes,
        target: 0.9,
        raw: {
          how: "consumer.consume({ callback }) with m.ack()",
          run: async () => rawCallback(js, nc, await consumers.create(), count),
        },
        natsflux: {
          how: "JetStreamSubscriber.subscribe(handler), auto-ack",
          run: async () => fluxHandler(subscriber, await consumers.create(), count),
        },
        after: () => consumers.check(count),
      },
      {
        id: "js-consume-iterator",
        label: "JS consume + ack, for await",
        group: "JetStream consume + ack",
        title: `consume + ack, for await (${count.toLocaleString("en-US")} stored, 128 B)`,
        unit: "msgs/s",
        count,
        payloadBytes,
        target: 0.9,
        raw: {
          how: "for await (const m of await consumer.consume()) m.ack()",
          run: async () => rawIterator(js, nc, await consumers.create(), count),
        },
        natsflux: {
          how: "for await (const m of await JetStreamSubscriber.messages()) m.ack()",
          run: async () => fluxIterator(subscriber, await consumers.create(), count),
        },
        after: () => consumers.check(count),
      },
    ];
    return {
      workloads,
      async close() {
        await subscriber.close();
        await deleteStream(jsm, stream);
        await nc.close();
      },
    };
  },
};

/** Stores `count` copies of `payload` with pipelined raw publishes. */
export async function storeMessages(
  js: JetStreamClient,
  subject: string,
  payload: Uint8Array,
  count: number,
  window: number,
): Promise<void> {
  let pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    pending.push(js.publish(subject, payload, { timeout: 30_000 }));
    if (pending.length === window) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
}

/** A fresh durable per run, checked (every message acked) and deleted after it. */
export class Consumers {
  readonly #jsm: JetStreamManager;
  readonly #stream: string;
  #serial = 0;
  #current: string | undefined;

  constructor(jsm: JetStreamManager, stream: string) {
    this.#jsm = jsm;
    this.#stream = stream;
  }

  async create(): Promise<string> {
    const name = `bench_${++this.#serial}`;
    await this.#jsm.consumers.add(this.#stream, {
      durable_name: name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: maxAckPending,
    });
    this.#current = name;
    return name;
  }

  /**
   * Every message was acked. The server applies acks asynchronously (after the flush that ended the timed
   * part has already returned), so the ack floor is polled for a few seconds before anything counts as lost.
   */
  async check(count: number): Promise<void> {
    const name = this.#current;
    if (name === undefined) return;
    this.#current = undefined;
    const deadline = Date.now() + 5_000;
    let info = await this.#jsm.consumers.info(this.#stream, name);
    while ((info.ack_floor.consumer_seq < count || info.num_ack_pending > 0) && Date.now() < deadline) {
      await sleep(25);
      info = await this.#jsm.consumers.info(this.#stream, name);
    }
    await this.#jsm.consumers.delete(this.#stream, name);
    if (info.ack_floor.consumer_seq < count || info.num_ack_pending > 0) {
      throw new Error(
        `consumer ${name}: ack floor ${info.ack_floor.consumer_seq} of ${count}, ${info.num_ack_pending} pending`,
      );
    }
  }
}

/** Generous: a run that takes this long has lost messages, and the suite must not hang on it. */
const deadlineFor = (count: number) => 30_000 + count / 5;

async function rawCallback(
  js: JetStreamClient,
  nc: NatsConnection,
  name: string,
  count: number,
): Promise<Measurement> {
  const done = deferred();
  let received = 0;
  const watch = new Stopwatch();
  const consumer = await js.consumers.get(stream, name);
  const messages = await consumer.consume({
    callback: (m) => {
      m.ack();
      if (++received === count) done.resolve();
    },
  });
  await withDeadline(done.promise, deadlineFor(count), "raw consume (callback)");
  await nc.flush();
  const measured = watch.stop(count);
  await messages.close();
  return measured;
}

async function rawIterator(
  js: JetStreamClient,
  nc: NatsConnection,
  name: string,
  count: number,
): Promise<Measurement> {
  const watch = new Stopwatch();
  const consumer = await js.consumers.get(stream, name);
  const messages: ConsumerMessages = await consumer.consume();
  const received = await readAll(messages, count, () => messages.stop(), "raw consume (iterator)");
  await nc.flush();
  const measured = watch.stop(count);
  if (received < count) throw new Error(`raw consume (iterator): ${received} of ${count}`);
  return measured;
}

async function fluxHandler(
  subscriber: JetStreamSubscriber<Uint8Array>,
  name: string,
  count: number,
): Promise<Measurement> {
  const done = deferred();
  let received = 0;
  const watch = new Stopwatch();
  const subscription = await subscriber.subscribe({ stream, consumer: name }, () => {
    if (++received === count) done.resolve();
  });
  await withDeadline(done.promise, deadlineFor(count), "natsflux consume (handler)");
  // natsflux batches acks per event-loop turn; drain sends the last ones and flushes, so the timed part ends,
  // as on the raw side, when the server has every ack.
  await subscription.drain();
  return watch.stop(count);
}

async function fluxIterator(
  subscriber: JetStreamSubscriber<Uint8Array>,
  name: string,
  count: number,
): Promise<Measurement> {
  const watch = new Stopwatch();
  const messages: MessageStream<JetStreamMessage<Uint8Array>> = await subscriber.messages({
    stream,
    consumer: name,
  });
  const received = await readAll(messages, count, () => void messages.stop(), "natsflux consume (iterator)");
  // Breaking out stopped the stream; stop() resolves once the batched acks are sent and flushed.
  await messages.stop();
  const measured = watch.stop(count);
  if (received < count) throw new Error(`natsflux consume (iterator): ${received} of ${count}`);
  return measured;
}

/** Acks messages until `count` arrived; a deadline stops the iterator so a lost message cannot hang the run. */
async function readAll(
  messages: AsyncIterable<{ ack(): void }>,
  count: number,
  stop: () => void,
  what: string,
): Promise<number> {
  let received = 0;
  const timer = setTimeout(stop, deadlineFor(count));
  try {
    for await (const m of messages) {
      m.ack();
      if (++received === count) break;
    }
  } finally {
    clearTimeout(timer);
  }
  if (received < count) throw new Error(`${what}: ${received} of ${count} before the deadline`);
  return received;
}
