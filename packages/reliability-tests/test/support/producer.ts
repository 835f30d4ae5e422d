import type { Publisher } from "@natsflux/messaging";
import { sleep } from "./helpers.js";

/** What became of one publish: when it was sent, and whether the stream acknowledged it. */
export type Outcome = { readonly n: number; readonly at: number } & (
  | { readonly ok: true }
  | { readonly ok: false; readonly error: unknown }
);

/**
 * Headers of message `n`: the stream drops a second message with the same Nats-Msg-Id within its duplicate
 * window (2 min by default), so a publish that timed out can be retried without storing it twice. This is
 * the documented retry recipe for facade publishers.
 */
function withMsgId(prefix: string, n: number) {
  return { headers: { "Nats-Msg-Id": `${prefix}-${n}` } };
}

/**
 * Publishes `{n}` every `intervalMs` without awaiting the previous publish, so publishes are in flight
 * whatever happens to the server. Bounded by `max` messages; `stop()` ends it and waits for every publish
 * to settle (each is bounded by the JetStream publish timeout).
 */
export function steadyProducer(
  pub: Publisher<{ n: number }>,
  routingKey: string,
  options: { intervalMs: number; max: number; idPrefix: string },
) {
  const outcomes: Outcome[] = [];
  const pending: Promise<void>[] = [];
  let stopped = false;
  let sent = 0;
  const loop = (async () => {
    while (!stopped && sent < options.max) {
      const n = sent++;
      const at = Date.now();
      pending.push(
        pub.publish(routingKey, { n }, withMsgId(options.idPrefix, n)).then(
          () => void outcomes.push({ n, at, ok: true }),
          (error: unknown) => void outcomes.push({ n, at, ok: false, error }),
        ),
      );
      // Fixed on purpose: a steady rate through the fault is the input of these tests, not a wait for state.
      await sleep(options.intervalMs);
    }
  })();
  return {
    get sent() {
      return sent;
    },
    /** The publishes settled so far, in settling order. */
    get outcomes(): readonly Outcome[] {
      return outcomes;
    },
    async stop(): Promise<Outcome[]> {
      stopped = true;
      await loop;
      await Promise.allSettled(pending);
      return outcomes.sort((a, b) => a.n - b.n);
    },
  };
}

/** Publishes each failed message again with its Nats-Msg-Id, up to `attempts` times; returns how many made it. */
export async function retryFailed(
  pub: Publisher<{ n: number }>,
  routingKey: string,
  failed: readonly Outcome[],
  idPrefix: string,
  attempts = 3,
): Promise<number> {
  let ok = 0;
  for (const f of failed) {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const done = await pub.publish(routingKey, { n: f.n }, withMsgId(idPrefix, f.n)).then(
        () => true,
        () => false,
      );
      if (done) {
        ok++;
        break;
      }
    }
  }
  return ok;
}
