import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { backoffRetryPolicy, NonRetryableError } from "@natsflux/core";
import { ensureStream, JetStreamPublisher, JetStreamSubscriber } from "@natsflux/transport-jetstream";
import { waitUntil } from "./core-nats.js";

export interface Payment {
  readonly id: string;
  readonly amountCents: number;
}

export interface JetStreamResult {
  readonly duplicate: boolean;
  readonly handled: string[];
  /** Delivery count at which each payment finally succeeded (a flaky one needs two). */
  readonly attempts: Record<string, number>;
  readonly terminated: string[];
}

/**
 * A stream, a publisher that de-duplicates retries by message id, and a durable consumer whose handler
 * fails: a transient failure is retried after a delay (nak with delay), a permanent one is terminated.
 */
export async function runJetStream(
  nc: NatsConnection,
  log: (line: string) => void,
): Promise<JetStreamResult> {
  // Create-or-update: safe to run at every start; a refused change throws and names the fields.
  await ensureStream(nc, {
    name: "PAYMENTS",
    subjects: ["payments.>"],
    maxAge: 7 * 24 * 60 * 60 * 1000,
    duplicateWindow: 60_000,
  });
  const payments = jsonCodec<Payment>();
  await using publisher = new JetStreamPublisher(nc, payments);
  const first = await publisher.publish(
    "payments.received",
    { id: "p-1", amountCents: 500 },
    { msgId: "p-1" },
  );
  // The same msgId inside the duplicate window is not stored again: a publish retry is harmless.
  const again = await publisher.publish(
    "payments.received",
    { id: "p-1", amountCents: 500 },
    { msgId: "p-1" },
  );
  log(`jetstream: p-1 stored at seq ${first.seq}; retried publish duplicate=${again.duplicate}`);
  await publisher.publish("payments.received", { id: "p-2", amountCents: 700 }, { msgId: "p-2" });
  await publisher.publish("payments.received", { id: "p-3", amountCents: -1 }, { msgId: "p-3" });

  const handled: string[] = [];
  const attempts: Record<string, number> = {};
  const terminated: string[] = [];
  await using subscriber = new JetStreamSubscriber(nc, payments);
  const subscription = await subscriber.subscribe(
    // Created (or updated in place) before consuming; a durable survives restarts.
    { stream: "PAYMENTS", config: { durable: "ledger", filterSubject: "payments.received", maxDeliver: 5 } },
    (message) => {
      const { id, amountCents } = message.payload;
      if (amountCents < 0) throw new NonRetryableError(`negative amount in ${id}`); // → term
      if (id === "p-2" && message.info.deliveryCount === 1) throw new Error("ledger busy"); // → nak(delay)
      attempts[id] = message.info.deliveryCount;
      handled.push(id);
    },
    {
      // Auto ack: success acks, failures go through the policy. Short delays for the example.
      retryPolicy: backoffRetryPolicy({ delays: [200, 1000] }),
      onStatus: (event) => {
        if (event.type === "handler_error") terminated.push(String((event.error as Error).message));
      },
    },
  );
  await waitUntil(() => handled.length === 2 && terminated.length >= 2);
  await subscription.drain();
  log(
    `jetstream: handled ${handled.join(", ")} (p-2 on delivery ${attempts["p-2"]}); failures seen: ${terminated.join("; ")}`,
  );
  return { duplicate: again.duplicate, handled, attempts, terminated };
}
