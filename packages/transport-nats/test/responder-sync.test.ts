import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { type NatsServer, uniqueName } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import { NatsRequester, NatsResponder } from "../src/index.js";
import { useCoreNatsServer } from "./support.js";

const numberCodec = jsonCodec<number>();
let server: NatsServer;
let nc: NatsConnection;

useCoreNatsServer((s, c) => {
  server = s;
  nc = c;
});

/**
 * nats.js writes what it buffered in a microtask. A reply sent before any microtask ran joins the replies to
 * the other requests of the same burst in one socket write; one sent after a promise tick gets a write of its
 * own, which halved request-reply throughput with many requests in flight.
 */
describe("NatsResponder with a synchronous handler", () => {
  it("replies synchronously, before any microtask runs", async () => {
    const service = await connect({ servers: server.url });
    const subject = uniqueName("rr.sync");
    const repliedAfterMicrotask: boolean[] = [];
    let microtaskRan = false;
    const publish = service.publish.bind(service);
    service.publish = (...args: Parameters<NatsConnection["publish"]>) => {
      repliedAfterMicrotask.push(microtaskRan);
      publish(...args);
    };
    const responder = new NatsResponder(service, numberCodec, numberCodec);
    await responder.serve(subject, ({ payload }) => {
      microtaskRan = false;
      queueMicrotask(() => {
        microtaskRan = true;
      });
      return payload * 2;
    });
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const replies = await Promise.all([1, 2, 3, 4].map((n) => requester.request(subject, n)));
    expect(replies).toEqual([2, 4, 6, 8]);
    expect(repliedAfterMicrotask).toEqual([false, false, false, false]);
    await requester.close();
    await responder.close();
    await service.close();
  });

  it("still awaits handlers that return a promise or a thenable, and answers their rejection", async () => {
    const subject = uniqueName("rr.async");
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    await responder.serve(subject, ({ payload }) => {
      if (payload === 1) return Promise.resolve(10);
      if (payload === 2) {
        // A thenable that is not a Promise, deliberately.
        // biome-ignore lint/suspicious/noThenProperty: the case under test
        return { then: (resolve: (n: number) => void) => resolve(20) } as unknown as Promise<number>;
      }
      return Promise.reject(new Error("no such number"));
    });
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    await expect(requester.request(subject, 1)).resolves.toBe(10);
    await expect(requester.request(subject, 2)).resolves.toBe(20);
    await expect(requester.request(subject, 3)).rejects.toThrow("no such number");
    await requester.close();
    await responder.close();
  });
});
