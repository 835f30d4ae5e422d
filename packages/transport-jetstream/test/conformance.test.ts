import { jetstreamManager } from "@nats-io/jetstream";
import { type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import type {
  Codec,
  Handler,
  Message,
  MessageStream,
  StreamOptions,
  Subscriber,
  Subscription,
} from "@natsflux/core";
import type { NatsServer } from "@natsflux/testing";
import { startServer, uniqueName } from "@natsflux/testing";
import { describeTransportConformance } from "@natsflux/testing/conformance";
import { afterAll, beforeAll } from "vitest";
import {
  ensureStream,
  JetStreamPublisher,
  type JetStreamSubscribeOptions,
  JetStreamSubscriber,
} from "../src/index.js";
import { connectTo } from "./support.js";

let server: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startServer();
  nc = await connectTo(server);
});

afterAll(async () => {
  await nc?.close();
  await server?.[Symbol.asyncDispose]();
});

/**
 * The suite subscribes by subject; JetStream consumes consumers. Each subscription gets its own ephemeral
 * consumer on the test's stream, filtered on the subject and starting with new messages, like a Core NATS
 * subscription would see them.
 */
class SubjectSubscriber<T> implements Subscriber<T, Message<T>, string> {
  readonly #inner: JetStreamSubscriber<T>;
  readonly #stream: string;

  constructor(inner: JetStreamSubscriber<T>, stream: string) {
    this.#inner = inner;
    this.#stream = stream;
  }

  subscribe(
    subject: string,
    handler: Handler<T, Message<T>>,
    options?: JetStreamSubscribeOptions,
  ): Promise<Subscription> {
    return this.#inner.subscribe(this.#target(subject), handler, options);
  }

  messages(
    subject: string,
    options?: JetStreamSubscribeOptions & StreamOptions,
  ): Promise<MessageStream<Message<T>>> {
    return this.#inner.messages(this.#target(subject), options);
  }

  close(): Promise<void> {
    return this.#inner.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #target(subject: string) {
    return {
      stream: this.#stream,
      config: { filterSubject: subject, deliverPolicy: "new" as const, inactiveThreshold: 30_000 },
    };
  }
}

describeTransportConformance({
  name: "JetStream (transport-jetstream)",
  capabilities: { wildcards: true, requestReply: false, queueGroups: false },
  async setup() {
    const prefix = uniqueName("conf");
    await ensureStream(nc, { name: prefix, subjects: [`${prefix}.>`], storage: "memory" });
    const closables: Array<{ close(): Promise<void> }> = [];
    const track = <C extends { close(): Promise<void> }>(instance: C): C => {
      closables.push(instance);
      return instance;
    };
    return {
      prefix,
      publisher: <T>(codec: Codec<T>) => track(new JetStreamPublisher<T>(nc, codec)),
      subscriber: <T>(codec: Codec<T>) =>
        track(new SubjectSubscriber<T>(new JetStreamSubscriber<T>(nc, codec), prefix)),
      async publishRaw(subject: string, data: Uint8Array, headers?: Record<string, string>) {
        const hdrs = natsHeaders();
        for (const [key, value] of Object.entries(headers ?? {})) hdrs.set(key, value);
        const { jetstream } = await import("@nats-io/jetstream");
        await jetstream(nc).publish(subject, data, { headers: hdrs });
      },
      async teardown() {
        await Promise.allSettled(closables.map((instance) => instance.close()));
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(prefix).catch(() => {});
      },
    };
  },
});
