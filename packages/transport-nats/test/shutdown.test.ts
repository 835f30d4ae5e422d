import type { NatsConnection } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { ClosedError, type HandlerContext, TimeoutError } from "@natsflux/core";
import { uniqueName } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import { NatsRequester, NatsResponder, NatsSubscriber } from "../src/index.js";
import { until, useCoreNatsServer } from "./support.js";

// Shutdown is bounded even when a handler never finishes (issue 15): close() returns within drainTimeout plus
// the stop grace (500 ms), the handler's signal is aborted, and a requester releases its callers at once.
const numberCodec = jsonCodec<number>();
const drainTimeout = 1000;
const bound = drainTimeout + 1000;
let nc: NatsConnection;

useCoreNatsServer((_, c) => {
  nc = c;
});

/** A handler that never finishes and never looks at its signal; records the context it got. */
function hungHandler(): {
  contexts: HandlerContext[];
  handler: (m: unknown, c: HandlerContext) => Promise<never>;
} {
  const contexts: HandlerContext[] = [];
  return {
    contexts,
    handler: (_m, context) => {
      contexts.push(context);
      return new Promise<never>(() => {});
    },
  };
}

async function timed(action: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

describe("bounded shutdown on Core NATS", () => {
  it("subscriber close() returns within drainTimeout + 1 s with a hung handler, whose signal is aborted", async () => {
    const subject = uniqueName("sd.sub");
    const subscriber = new NatsSubscriber(nc, numberCodec);
    const hung = hungHandler();
    const sub = await subscriber.subscribe(subject, hung.handler, { drainTimeout });
    nc.publish(subject, "1");
    await until(() => sub.inFlight === 1, "the handler is running");
    const took = await timed(() => subscriber.close());
    expect(took).toBeGreaterThanOrEqual(drainTimeout - 50);
    expect(took).toBeLessThan(bound);
    expect(hung.contexts[0]?.signal.aborted).toBe(true);
    await expect(sub.closed).resolves.toBeUndefined();
  });

  it("stop() during a pending drain escalates instead of waiting for it", async () => {
    const subject = uniqueName("sd.escalate");
    const subscriber = new NatsSubscriber(nc, numberCodec);
    const hung = hungHandler();
    const sub = await subscriber.subscribe(subject, hung.handler, { drainTimeout: 60_000 });
    nc.publish(subject, "1");
    await until(() => sub.inFlight === 1, "the handler is running");
    const draining = sub.drain();
    const took = await timed(() => sub.stop());
    expect(took).toBeLessThan(1000);
    await draining;
    expect(hung.contexts[0]?.signal.aborted).toBe(true);
    await subscriber.close();
  });

  it("responder close() is bounded with a hung handler; its signal is aborted", async () => {
    const subject = uniqueName("sd.resp");
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    const hung = hungHandler();
    const sub = await responder.serve(subject, hung.handler, { drainTimeout });
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const pending = requester.request(subject, 1, { timeout: 30_000 });
    await until(() => sub.inFlight === 1, "the request reached the handler");
    const took = await timed(() => responder.close());
    expect(took).toBeLessThan(bound);
    expect(hung.contexts[0]?.signal.aborted).toBe(true);
    // The hung handler never answered; closing the requester releases the caller without its 30 s timeout.
    const released = await timed(() => requester.close());
    expect(released).toBeLessThan(200);
    await expect(pending).rejects.toBeInstanceOf(ClosedError);
  });

  it("a request released by close() is a ClosedError, not a TimeoutError", async () => {
    const subject = uniqueName("sd.req");
    // Someone subscribes but never answers: without close() the caller would wait out its timeout.
    const silent = nc.subscribe(subject, { callback: () => {} });
    await nc.flush();
    const requester = new NatsRequester(nc, numberCodec, numberCodec, { timeout: 30_000 });
    const started = performance.now();
    const pending = requester.request(subject, 1);
    const outcome = pending.then(
      () => "resolved",
      (error: unknown) => error,
    );
    await requester.close();
    const error = await outcome;
    expect(performance.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(ClosedError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    silent.unsubscribe();
  });
});
