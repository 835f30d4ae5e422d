import type { JsMsg } from "@nats-io/jetstream";
import type { StreamDelivery } from "@natsflux/core";

/** natsflux delivery info from the ack subject of a JetStream message. */
export function toStreamDelivery(msg: JsMsg): StreamDelivery {
  const info = msg.info;
  return {
    stream: info.stream,
    consumer: info.consumer,
    streamSequence: info.streamSequence,
    consumerSequence: info.deliverySequence,
    deliveryCount: info.deliveryCount,
    redelivered: info.redelivered,
    timestampMs: Math.floor(info.timestampNanos / 1e6),
    pending: info.pending,
  };
}
