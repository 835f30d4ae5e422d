import { type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { Codec } from "@natsflux/core";
import { type NatsServer, startServer, uniqueName } from "@natsflux/testing";
import { describeTransportConformance } from "@natsflux/testing/conformance";
import { afterAll, beforeAll } from "vitest";
import { NatsPublisher, NatsRequester, NatsResponder, NatsSubscriber } from "../src/index.js";

// One server for the whole file; every test gets a fresh connection and fresh instances on it.
let server: NatsServer;

beforeAll(async () => {
  server = await startServer({ jetstream: false });
});

afterAll(async () => {
  await server?.[Symbol.asyncDispose]();
});

describeTransportConformance({
  name: "Core NATS (transport-nats)",
  capabilities: { wildcards: true, requestReply: true, queueGroups: true, slowConsumer: true },
  async setup() {
    const nc: NatsConnection = await connect({ servers: server.url });
    const closables: Array<{ close(): Promise<void> }> = [];
    const track = <C extends { close(): Promise<void> }>(instance: C): C => {
      closables.push(instance);
      return instance;
    };
    return {
      prefix: uniqueName("conformance"),
      publisher: <T>(codec: Codec<T>) => track(new NatsPublisher<T>(nc, codec)),
      subscriber: <T>(codec: Codec<T>) => track(new NatsSubscriber<T>(nc, codec)),
      requester: <Req, Resp>(requestCodec: Codec<Req>, responseCodec: Codec<Resp>) =>
        track(new NatsRequester<Req, Resp>(nc, requestCodec, responseCodec)),
      responder: <Req, Resp>(requestCodec: Codec<Req>, responseCodec: Codec<Resp>) =>
        track(new NatsResponder<Req, Resp>(nc, requestCodec, responseCodec)),
      async publishRaw(subject: string, data: Uint8Array, headers?: Record<string, string>) {
        let hdrs: ReturnType<typeof natsHeaders> | undefined;
        if (headers !== undefined) {
          hdrs = natsHeaders();
          for (const [key, value] of Object.entries(headers)) hdrs.set(key, value);
        }
        nc.publish(subject, data, hdrs === undefined ? undefined : { headers: hdrs });
        await nc.flush();
      },
      async teardown() {
        await Promise.allSettled(closables.map((instance) => instance.close()));
        if (!nc.isClosed()) await nc.close();
      },
    };
  },
});
