import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { backoffRetryPolicy, type Codec, NonRetryableError, type Subscription } from "@natsflux/core";
import {
  ensureStream,
  JetStreamPublisher,
  JetStreamSubscriber,
  orderedMessages,
} from "@natsflux/transport-jetstream";
import { NatsSubscriber } from "@natsflux/transport-nats";

/** Copies payloads unchanged: the dead-letter stream keeps whatever the original producer sent. */
const bytes: Codec<Uint8Array> = {
  name: "bytes",
  contentType: "application/octet-stream",
  encode: (b) => b,
  decode: (b) => b,
};

/** The fields we use of the server's MAX_DELIVERIES and MSG_TERMINATED advisories. */
interface DeliveryAdvisory {
  readonly stream: string;
  readonly consumer: string;
  readonly stream_seq: number;
  readonly deliveries: number;
  /** MSG_TERMINATED on nats-server 2.11+: the reason given to term(). */
  readonly reason?: string;
}

/**
 * JetStream has no dead-letter queue of its own: a message that used up MaxDeliver, or was terminated,
 * stays in its stream, and the server announces it with an advisory. This copies each such message into a
 * dead-letter stream (subject `<dlqPrefix>.<original subject>`), with headers saying where it came from.
 */
async function forwardDeadLetters(
  nc: NatsConnection,
  options: { stream: string; consumer: string; dlqStream: string; dlqPrefix: string },
): Promise<Subscription> {
  await ensureStream(nc, { name: options.dlqStream, subjects: [`${options.dlqPrefix}.>`] });
  const jsm = await jetstreamManager(nc);
  const dlq = new JetStreamPublisher(nc, bytes);
  const advisories = new NatsSubscriber(nc, jsonCodec<DeliveryAdvisory>());
  const subscription = await advisories.subscribe(
    // `*` covers both kinds: MAX_DELIVERIES and MSG_TERMINATED.
    `$JS.EVENT.ADVISORY.CONSUMER.*.${options.stream}.${options.consumer}`,
    async ({ subject, payload }) => {
      const kind = subject.split(".")[4] ?? "";
      if (kind !== "MAX_DELIVERIES" && kind !== "MSG_TERMINATED") return;
      const original = await jsm.streams.getMessage(payload.stream, { seq: payload.stream_seq });
      if (original === null) return; // already removed by the stream's limits
      await dlq.publish(`${options.dlqPrefix}.${original.subject}`, original.data, {
        headers: {
          "Dlq-Reason":
            kind === "MSG_TERMINATED"
              ? `terminated${payload.reason ? `: ${payload.reason}` : ""}`
              : "max deliveries",
          "Dlq-Stream": payload.stream,
          "Dlq-Stream-Seq": String(payload.stream_seq),
          "Dlq-Deliveries": String(payload.deliveries),
        },
        // Advisories can repeat (e.g. after a reconnect): the id makes the copy idempotent.
        msgId: `${payload.stream}:${payload.stream_seq}`,
      });
    },
  );
  // The subscription owns the helpers: closing it closes them.
  subscription.closed.finally(() => {
    void advisories.close();
    void dlq.close();
  });
  return subscription;
}

export interface DeadLetterResult {
  /** Refund ids found in the dead-letter stream, with the reason header. */
  readonly deadLetters: Array<{ readonly id: string; readonly reason: string; readonly deliveries: string }>;
}

/** Refunds: r-1 succeeds, r-2 keeps failing until MaxDeliver runs out, r-3 is rejected as permanent. */
export async function runDeadLetters(
  nc: NatsConnection,
  log: (line: string) => void,
): Promise<DeadLetterResult> {
  const refunds = jsonCodec<{ id: string }>();
  await ensureStream(nc, { name: "REFUNDS", subjects: ["refunds.>"] });
  await using forwarding = await forwardDeadLetters(nc, {
    stream: "REFUNDS",
    consumer: "refunder",
    dlqStream: "REFUNDS_DLQ",
    dlqPrefix: "dlq",
  });
  await using subscriber = new JetStreamSubscriber(nc, refunds);
  await using refunder = await subscriber.subscribe(
    { stream: "REFUNDS", config: { durable: "refunder", filterSubject: "refunds.>", maxDeliver: 3 } },
    ({ payload }) => {
      if (payload.id === "r-2") throw new Error("payment provider unavailable");
      if (payload.id === "r-3") throw new NonRetryableError("refund window closed");
    },
    { retryPolicy: backoffRetryPolicy({ delays: [100] }) },
  );
  await using publisher = new JetStreamPublisher(nc, refunds);
  for (const id of ["r-1", "r-2", "r-3"]) await publisher.publish(`refunds.${id}`, { id });

  // Read the dead letters back in order, without creating any durable state.
  const deadLetters: Array<{ id: string; reason: string; deliveries: string }> = [];
  const replay = await orderedMessages(nc, refunds, "REFUNDS_DLQ", { signal: AbortSignal.timeout(10_000) });
  for await (const message of replay) {
    deadLetters.push({
      id: message.payload.id,
      reason: message.headers["Dlq-Reason"] ?? "",
      deliveries: message.headers["Dlq-Deliveries"] ?? "",
    });
    log(
      `dead letter: ${message.subject} (${message.headers["Dlq-Reason"]}, ${message.headers["Dlq-Deliveries"]} deliveries)`,
    );
    if (deadLetters.length === 2) break;
  }
  log(`refunder still consuming: ${refunder.inFlight} in flight; forwarding from ${forwarding.subject}`);
  return { deadLetters };
}
