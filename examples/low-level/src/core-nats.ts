import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { RemoteError } from "@natsflux/core";
import { NatsPublisher, NatsRequester, NatsResponder, NatsSubscriber } from "@natsflux/transport-nats";

interface Job {
  readonly id: number;
}

export interface CoreNatsResult {
  /** Jobs each queue-group worker handled: every job exactly once, shared between the two. */
  readonly perWorker: Record<string, number[]>;
  /** Every job, seen by the plain (non-queue) subscriber. */
  readonly audited: number[];
  readonly price: number;
  readonly remoteError: string;
}

/**
 * Core NATS through the transport: fire-and-forget publish, a queue group of two workers next to a plain
 * subscriber, and typed request-reply with an error reply. The transport borrows `nc` and never closes it.
 */
export async function runCoreNats(nc: NatsConnection, log: (line: string) => void): Promise<CoreNatsResult> {
  const jobs = jsonCodec<Job>();
  await using subscriber = new NatsSubscriber(nc, jobs);
  await using publisher = new NatsPublisher(nc, jobs);

  const perWorker: Record<string, number[]> = { "worker-a": [], "worker-b": [] };
  for (const worker of Object.keys(perWorker)) {
    // Same queue group: each job goes to one of them. concurrency 4: up to four jobs at once per worker.
    await subscriber.subscribe("jobs.>", (m) => void perWorker[worker]?.push(m.payload.id), {
      queue: "workers",
      concurrency: 4,
    });
  }
  // Not in the group: sees every job. messages() is the same subscription as a bounded async iterable.
  const audit = await subscriber.messages("jobs.>", { bufferSize: 64 });

  for (let id = 1; id <= 10; id++) await publisher.publish(`jobs.resize.${id}`, { id });
  const audited: number[] = [];
  for await (const message of audit) {
    audited.push(message.payload.id);
    if (audited.length === 10) break; // breaking out stops the stream
  }
  await waitUntil(() => (perWorker["worker-a"]?.length ?? 0) + (perWorker["worker-b"]?.length ?? 0) === 10);
  log(
    `core: 10 jobs → worker-a ${perWorker["worker-a"]?.length}, worker-b ${perWorker["worker-b"]?.length}; audit saw ${audited.length}`,
  );

  // Request-reply: responders share the queue group "natsflux" by default; failures come back typed.
  await using responder = new NatsResponder(
    nc,
    jsonCodec<{ sku: string; qty: number }>(),
    jsonCodec<number>(),
  );
  await responder.serve("prices.quote", ({ payload }) => {
    if (payload.qty < 1) throw new Error(`qty must be at least 1, got ${payload.qty}`);
    return payload.qty * 250;
  });
  await using requester = new NatsRequester(
    nc,
    jsonCodec<{ sku: string; qty: number }>(),
    jsonCodec<number>(),
    {
      timeout: 2000,
    },
  );
  const price = await requester.request("prices.quote", { sku: "tea", qty: 3 });
  const remoteError = await requester.request("prices.quote", { sku: "tea", qty: 0 }).then(
    () => "no error?!",
    (error: unknown) =>
      error instanceof RemoteError ? `${error.status} ${error.remoteMessage}` : String(error),
  );
  log(`core: prices.quote 3 × tea ⇒ ${price}; qty 0 ⇒ RemoteError ${remoteError}`);
  return { perWorker, audited, price, remoteError };
}

export function waitUntil(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (done()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`condition not met within ${timeoutMs} ms`));
      }
    }, 5);
  });
}
