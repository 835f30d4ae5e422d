import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { NatsPublisher, NatsSubscriber } from "@natsflux/transport-nats";
import type { Measurement } from "../results.js";
import { deferred, withDeadline, yieldToLoop } from "../util/async.js";
import { bytesCodec, payloadOf } from "../util/payload.js";
import { Stopwatch } from "../util/stopwatch.js";
import type { BenchContext, OpenSuite, Suite, Workload } from "../workload.js";

const payloadBytes = 128;
/** Both sides yield to the event loop every `batch` publishes, so the outbound buffer stays bounded. */
const batch = 1_000;

/**
 * Core NATS publish → subscribe on two connections, timed until the subscriber has every message.
 *
 * nats.js writes its outbound buffer to the socket in a microtask queued by the first buffered message, so
 * a publisher that awaits after every publish gets one socket write per message, whatever the API. Hence two
 * variants: "batched" (raw publishes synchronously, natsflux starts publishes and awaits them per batch:
 * same socket writes on both sides) and "awaited" (an await after every publish on both sides).
 */
export const corePubSubSuite: Suite = {
  name: "Core publish/subscribe",
  ids: () => ["core-pubsub-batched", "core-pubsub-awaited"],
  async open({ server, plan }: BenchContext): Promise<OpenSuite> {
    const pub = await connect({ servers: server.url });
    const sub = await connect({ servers: server.url });
    const payload = payloadOf(payloadBytes);
    const count = plan.corePubSub;
    let serial = 0;
    const next = () => `bench.core.${++serial}`;
    const workloads: Workload[] = [
      {
        id: "core-pubsub-batched",
        label: "Core pub/sub, batched",
        group: "Core publish/subscribe",
        title: "publish → subscribe, batched, 128 B",
        unit: "msgs/s",
        count,
        payloadBytes,
        target: 0.9,
        raw: {
          how: "nc.publish() (sync) → subscribe({ callback })",
          run: () => rawPubSub(pub, sub, next(), payload, count, false),
        },
        natsflux: {
          how: "NatsPublisher.publish() awaited per batch → NatsSubscriber.subscribe(handler)",
          run: () => fluxPubSub(pub, sub, next(), payload, count, false),
        },
      },
      {
        id: "core-pubsub-awaited",
        label: "Core pub/sub, awaited",
        group: "Core publish/subscribe",
        title: "publish → subscribe, await after each publish, 128 B",
        unit: "msgs/s",
        count: Math.round(count / 3),
        payloadBytes,
        raw: {
          how: "nc.publish(); await (a microtask turn) → subscribe({ callback })",
          run: () => rawPubSub(pub, sub, next(), payload, Math.round(count / 3), true),
        },
        natsflux: {
          how: "await NatsPublisher.publish() → NatsSubscriber.subscribe(handler)",
          run: () => fluxPubSub(pub, sub, next(), payload, Math.round(count / 3), true),
        },
      },
    ];
    return {
      workloads,
      async close() {
        await pub.close();
        await sub.close();
      },
    };
  },
};

const deadlineFor = (count: number) => 30_000 + count / 10;

async function rawPubSub(
  pub: NatsConnection,
  sub: NatsConnection,
  subject: string,
  payload: Uint8Array,
  count: number,
  awaited: boolean,
): Promise<Measurement> {
  let received = 0;
  const done = deferred();
  const subscription = sub.subscribe(subject, {
    callback: () => {
      if (++received === count) done.resolve();
    },
  });
  await sub.flush();
  const watch = new Stopwatch();
  for (let i = 0; i < count; i++) {
    pub.publish(subject, payload);
    if (awaited) await undefined;
    if (i % batch === batch - 1) await yieldToLoop();
  }
  await withDeadline(done.promise, deadlineFor(count), `raw pub/sub (${received} of ${count})`);
  const measured = watch.stop(count);
  subscription.unsubscribe();
  return measured;
}

async function fluxPubSub(
  pub: NatsConnection,
  sub: NatsConnection,
  subject: string,
  payload: Uint8Array,
  count: number,
  awaited: boolean,
): Promise<Measurement> {
  const subscriber = new NatsSubscriber(sub, bytesCodec);
  const publisher = new NatsPublisher(pub, bytesCodec);
  let received = 0;
  const done = deferred();
  await subscriber.subscribe(subject, () => {
    if (++received === count) done.resolve();
  });
  const watch = new Stopwatch();
  let pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    if (awaited) await publisher.publish(subject, payload);
    else pending.push(publisher.publish(subject, payload));
    if (i % batch === batch - 1) {
      await Promise.all(pending);
      pending = [];
      await yieldToLoop();
    }
  }
  await Promise.all(pending);
  await withDeadline(done.promise, deadlineFor(count), `natsflux pub/sub (${received} of ${count})`);
  const measured = watch.stop(count);
  await subscriber.close();
  await publisher.close();
  return measured;
}
