import { connect, type NatsConnection } from "@nats-io/transport-node";
import { NonRetryableError } from "@natsflux/core";
import { beforeEach, describe, expect, it } from "vitest";
import {
  createConnection,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  silentLogger,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

const ctx = useServer();
beforeEach(() => ctx.reset());

/** A connection that records the acks it sends and how many socket writes carried them. */
async function watchedConnection(): Promise<{ nc: NatsConnection; acks: string[]; ackWrites: () => number }> {
  const nc = await connect({ servers: ctx.server.url });
  const acks: string[] = [];
  let ackWrites = 0;
  // Acks go out through the protocol handler (JsMsg.ack → Msg.respond), not through nc.publish.
  const protocol = (
    nc as unknown as {
      protocol: {
        publish: (subject: string, data?: unknown, ...rest: unknown[]) => void;
        transport: { send: (frame: Uint8Array) => void };
      };
    }
  ).protocol;
  const publish = protocol.publish.bind(protocol);
  protocol.publish = (subject: string, data?: unknown, ...rest: unknown[]) => {
    if (subject.startsWith("$JS.ACK.")) {
      acks.push(data instanceof Uint8Array ? new TextDecoder().decode(data) : String(data));
    }
    publish(subject, data, ...rest);
  };
  const transport = protocol.transport;
  const send = transport.send.bind(transport);
  transport.send = (frame: Uint8Array) => {
    if (Buffer.from(frame).includes("$JS.ACK.")) ackWrites++;
    send(frame);
  };
  return { nc, acks, ackWrites: () => ackWrites };
}

/**
 * nats.js writes what it buffered from a microtask. Acks sent one promise tick apart each got a socket write of
 * their own (one syscall, and one server read, per message: the facade consumed at about 0.65 of the raw
 * client); the acks of a batch of messages must share writes.
 */
describe("stream consumers acknowledge a batch of messages in a few socket writes", () => {
  it("with a synchronous handler", async () => {
    const count = 200;
    const pub = new Publisher<{ n: number }>();
    await ctx.service("batch-publisher", eventStreamPublisher(pub));
    // Stored first, so the consumer's first pulls bring whole batches.
    await Promise.all(Array.from({ length: count }, (_, n) => pub.publish("Batch.Event", { n })));
    const watched = await watchedConnection();
    const seen: number[] = [];
    const consumer = createConnection({
      serviceName: "batch-acks",
      connection: watched.nc,
      logger: silentLogger,
    });
    await consumer.start(
      eventStreamConsumer<{ n: number }>("Batch.Event", (event) => {
        seen.push(event.payload.n);
      }),
    );
    await waitFor(() => watched.acks.length === count, 10_000, "every ack");
    expect(seen).toHaveLength(count);
    expect(watched.acks.every((a) => a === "+ACK")).toBe(true);
    expect(watched.ackWrites()).toBeLessThan(count / 4);
    await consumer.close();
    await watched.nc.close();
  });

  it("still awaits async handlers, and settles throws and rejections as before", async () => {
    const watched = await watchedConnection();
    const consumer = createConnection({
      serviceName: "async-acks",
      connection: watched.nc,
      logger: silentLogger,
    });
    await consumer.start(
      eventStreamConsumer<{ kind: string }>("Mixed.Event", (event) => {
        // Synchronous throw, or a promise that resolves or rejects later.
        if (event.payload.kind === "throw") throw new NonRetryableError("thrown");
        return new Promise<void>((resolve, reject) =>
          setTimeout(
            () => (event.payload.kind === "reject" ? reject(new NonRetryableError("rejected")) : resolve()),
            5,
          ),
        );
      }),
    );
    const pub = new Publisher<{ kind: string }>();
    await ctx.service("async-publisher", eventStreamPublisher(pub));
    await pub.publish("Mixed.Event", { kind: "ok" });
    await waitFor(() => watched.acks.length === 1, 5000, "the async ack");
    await pub.publish("Mixed.Event", { kind: "reject" });
    await waitFor(() => watched.acks.length === 2, 5000, "the async term");
    await pub.publish("Mixed.Event", { kind: "throw" });
    await waitFor(() => watched.acks.length === 3, 5000, "the sync term");
    expect(watched.acks.map((a) => a.split(" ")[0])).toEqual(["+ACK", "+TERM", "+TERM"]);
    await consumer.close();
    await watched.nc.close();
  });
});
