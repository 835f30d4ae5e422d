import {
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
  StorageType,
} from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { JetStreamPublisher } from "@natsflux/transport-jetstream";
import type { Measurement } from "../results.js";
import { bytesCodec, formatBytes, payloadOf } from "../util/payload.js";
import { Stopwatch } from "../util/stopwatch.js";
import type { BenchContext, OpenSuite, Suite, Workload } from "../workload.js";

const stream = "BENCH_PUB";
const subject = "bench.pub.x";

/** JetStream publish, one awaited at a time and pipelined, at 128 B and 1 KiB. */
export const jetStreamPublishSuite: Suite = {
  name: "JetStream publish",
  ids: () => [
    ...[128, 1024].map((size) => `js-publish-awaited-${size}`),
    ...[128, 1024].map((size) => `js-publish-pipelined-${size}`),
  ],
  async open({ server, plan }: BenchContext): Promise<OpenSuite> {
    const nc = await connect({ servers: server.url });
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: ["bench.pub.>"], storage: StorageType.File });
    const publisher = new JetStreamPublisher<Uint8Array>(nc, bytesCodec);
    const purge = async () => {
      await jsm.streams.purge(stream);
    };
    const workloads: Workload[] = [];
    for (const size of [128, 1024]) {
      const payload = payloadOf(size);
      workloads.push({
        id: `js-publish-awaited-${size}`,
        label: `JS publish awaited, ${formatBytes(size)}`,
        group: "JetStream publish",
        title: `publish, one awaited at a time, ${formatBytes(size)}`,
        unit: "msgs/s",
        count: plan.publishAwaited,
        payloadBytes: size,
        raw: {
          how: "await js.publish() in a loop",
          run: () => rawAwaited(js, payload, plan.publishAwaited),
        },
        natsflux: {
          how: "await JetStreamPublisher.publish() in a loop",
          run: () => fluxAwaited(publisher, payload, plan.publishAwaited),
        },
        after: purge,
      });
    }
    for (const size of [128, 1024]) {
      const payload = payloadOf(size);
      workloads.push({
        id: `js-publish-pipelined-${size}`,
        label: `JS publish pipelined, ${formatBytes(size)}`,
        group: "JetStream publish",
        title: `publish, pipelined (window ${plan.pipelineWindow}), ${formatBytes(size)}`,
        unit: "msgs/s",
        count: plan.publishPipelined,
        payloadBytes: size,
        target: 0.9,
        raw: {
          how: `js.publish() in windows of ${plan.pipelineWindow}, await Promise.all(window)`,
          run: () => rawPipelined(js, payload, plan.publishPipelined, plan.pipelineWindow),
        },
        natsflux: {
          how: `JetStreamPublisher.pipeline({ window: ${plan.pipelineWindow} }): await publish() each, then flush()`,
          run: () => fluxPipelined(publisher, payload, plan.publishPipelined, plan.pipelineWindow),
        },
        after: purge,
      });
    }
    return {
      workloads,
      async close() {
        await publisher.close();
        await deleteStream(jsm, stream);
        await nc.close();
      },
    };
  },
};

export async function deleteStream(jsm: JetStreamManager, name: string): Promise<void> {
  await jsm.streams.delete(name).catch(() => false);
}

async function rawAwaited(js: JetStreamClient, payload: Uint8Array, count: number): Promise<Measurement> {
  const watch = new Stopwatch();
  for (let i = 0; i < count; i++) await js.publish(subject, payload);
  return watch.stop(count);
}

async function fluxAwaited(
  publisher: JetStreamPublisher<Uint8Array>,
  payload: Uint8Array,
  count: number,
): Promise<Measurement> {
  const watch = new Stopwatch();
  for (let i = 0; i < count; i++) await publisher.publish(subject, payload);
  return watch.stop(count);
}

async function rawPipelined(
  js: JetStreamClient,
  payload: Uint8Array,
  count: number,
  window: number,
): Promise<Measurement> {
  const watch = new Stopwatch();
  let pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    pending.push(js.publish(subject, payload));
    if (pending.length === window) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return watch.stop(count);
}

async function fluxPipelined(
  publisher: JetStreamPublisher<Uint8Array>,
  payload: Uint8Array,
  count: number,
  window: number,
): Promise<Measurement> {
  const watch = new Stopwatch();
  const pipeline = publisher.pipeline({ window });
  for (let i = 0; i < count; i++) await pipeline.publish(subject, payload);
  const { acked, failed } = await pipeline.flush();
  const measured = watch.stop(count);
  await pipeline.close();
  if (acked !== count || failed.length > 0)
    throw new Error(`pipeline: ${acked} acked, ${failed.length} failed`);
  return measured;
}
