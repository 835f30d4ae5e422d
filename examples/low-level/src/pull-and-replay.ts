import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { JetStreamConsumer, orderedMessages } from "@natsflux/transport-jetstream";
import type { Payment } from "./jetstream.js";

export interface PullResult {
  /** Batches as fetched by the pull consumer (the caller decides when and how many). */
  readonly batches: string[][];
  /** Every payment in stream order, replayed without any durable state. */
  readonly replayed: Array<{ readonly seq: number; readonly id: string }>;
}

/** Reads the PAYMENTS stream (filled by runJetStream) twice: in pulled batches, and as an ordered replay. */
export async function runPullAndReplay(nc: NatsConnection, log: (line: string) => void): Promise<PullResult> {
  const payments = jsonCodec<Payment>();
  // A batch job: pull when ready, settle each message yourself. The durable is created on first use.
  await using reports = new JetStreamConsumer(nc, payments, {
    stream: "PAYMENTS",
    config: { durable: "nightly-report", filterSubject: "payments.>", ackWait: 30_000 },
  });
  const batches: string[][] = [];
  for (;;) {
    const batch = await reports.fetch(2, { expires: 1000 });
    if (batch.length === 0) break; // nothing arrived before `expires`
    for (const message of batch) message.ack();
    batches.push(batch.map((m) => m.payload.id));
  }
  log(`pull: fetched in batches of 2 → ${JSON.stringify(batches)}`);

  const replayed: Array<{ seq: number; id: string }> = [];
  const history = await orderedMessages(nc, payments, "PAYMENTS", { signal: AbortSignal.timeout(5000) });
  for await (const message of history) {
    replayed.push({ seq: message.info.streamSequence, id: message.payload.id });
    if (message.info.pending === 0) break;
  }
  log(`replay: ${replayed.map((r) => `#${r.seq} ${r.id}`).join(", ")}`);
  return { batches, replayed };
}
