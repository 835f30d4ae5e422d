import { describe, expect, it } from "vitest";
import { ConfigError, type HandlerContext, type StatusEvent } from "../src/index.js";
import { DispatchSubscription, type SubscriptionSource, stopGraceMs } from "../src/internal.js";
import { type Deferred, deferred, state, waitFor } from "./helpers.js";

/** A fake transport side that records what the subscription asked of it. */
function fakeSource(): SubscriptionSource<number> & { calls: string[]; discarded: number[] } {
  const calls: string[] = [];
  const discarded: number[] = [];
  return {
    calls,
    discarded,
    stop: async () => void calls.push("stop"),
    drain: async () => void calls.push("drain"),
    discard: (items) => void discarded.push(...items),
  };
}

/** A handler that blocks on a gate per message, so tests control when each one finishes. */
function gatedHandler() {
  const started: number[] = [];
  const finished: number[] = [];
  const gates = new Map<number, Deferred>();
  const contexts: HandlerContext[] = [];
  const process = async (n: number, context: HandlerContext) => {
    started.push(n);
    contexts.push(context);
    const gate = deferred();
    gates.set(n, gate);
    await gate.promise;
    finished.push(n);
  };
  const release = (n: number) => gates.get(n)?.resolve();
  return { process, started, finished, contexts, release };
}

describe("DispatchSubscription", () => {
  it("delivers in order at concurrency 1 and exposes subject, inFlight and backlog", async () => {
    const h = gatedHandler();
    const sub = new DispatchSubscription(h.process, { subject: "orders.*" }).attach(fakeSource());
    expect(sub.subject).toBe("orders.*");
    for (let i = 0; i < 3; i++) sub.deliver(i);
    expect(sub.inFlight).toBe(1);
    expect(sub.backlog).toBe(3);
    for (let i = 0; i < 3; i++) {
      await waitFor(() => h.started.length === i + 1);
      h.release(i);
    }
    await waitFor(() => h.finished.length === 3);
    expect(h.finished).toEqual([0, 1, 2]);
    await sub.close();
  });

  it("respects the concurrency limit", async () => {
    const h = gatedHandler();
    const sub = new DispatchSubscription(h.process, { subject: "s", concurrency: 2 }).attach(fakeSource());
    for (let i = 0; i < 5; i++) sub.deliver(i);
    expect(sub.inFlight).toBe(2);
    expect(h.started).toEqual([0, 1]);
    h.release(1);
    await waitFor(() => h.started.length === 3);
    expect(sub.inFlight).toBe(2);
    for (const n of [0, 2, 3, 4]) {
      await waitFor(() => h.started.includes(n));
      h.release(n);
    }
    await waitFor(() => h.finished.length === 5);
    await sub.close();
  });

  it("rejects an invalid concurrency", () => {
    expect(() => new DispatchSubscription(() => {}, { subject: "s", concurrency: 0 })).toThrow(ConfigError);
    expect(() => new DispatchSubscription(() => {}, { subject: "s", concurrency: 1.5 })).toThrow(ConfigError);
  });

  it("reports processing errors as handler_error status events and keeps delivering", async () => {
    const events: StatusEvent[] = [];
    const seen: number[] = [];
    const boom = new Error("boom");
    const sub = new DispatchSubscription<number>(
      (n) => {
        seen.push(n);
        if (n === 1) throw boom;
      },
      { subject: "s", onStatus: (e) => events.push(e) },
    ).attach(fakeSource());
    for (let i = 0; i < 3; i++) sub.deliver(i);
    await sub.drain();
    expect(seen).toEqual([0, 1, 2]);
    expect(events).toEqual([{ type: "handler_error", subject: "s", error: boom }]);
  });

  it("survives a status listener that throws", async () => {
    const seen: number[] = [];
    const sub = new DispatchSubscription<number>(
      (n) => {
        seen.push(n);
        throw new Error("boom");
      },
      {
        subject: "s",
        onStatus: () => {
          throw new Error("listener broken");
        },
      },
    ).attach(fakeSource());
    sub.deliver(1);
    sub.deliver(2);
    await sub.drain();
    expect(seen).toEqual([1, 2]);
  });

  it("stop() stops the source, aborts the handler signal, drops queued messages and waits for in-flight", async () => {
    const h = gatedHandler();
    const source = fakeSource();
    const sub = new DispatchSubscription(h.process, { subject: "s" }).attach(source);
    for (let i = 0; i < 3; i++) sub.deliver(i);
    expect(sub.stopping).toBe(false);
    const stopped = sub.stop();
    expect(sub.stopping).toBe(true);
    await waitFor(() => source.calls.length === 1);
    expect(source.calls).toEqual(["stop"]);
    expect(h.contexts[0]?.signal.aborted).toBe(true);
    expect(source.discarded).toEqual([1, 2]);
    expect(await state(stopped)).toBe("pending");
    expect(await state(sub.closed)).toBe("pending");
    h.release(0);
    await stopped;
    await expect(sub.closed).resolves.toBeUndefined();
    expect(h.started).toEqual([0]);
    expect(h.finished).toEqual([0]);
  });

  it("drain() drains the source and handles everything already received", async () => {
    const h = gatedHandler();
    const source = fakeSource();
    const sub = new DispatchSubscription(h.process, { subject: "s" }).attach(source);
    for (let i = 0; i < 3; i++) sub.deliver(i);
    const drained = sub.drain();
    expect(await state(drained)).toBe("pending");
    expect(source.calls).toEqual(["drain"]);
    for (let i = 0; i < 3; i++) {
      await waitFor(() => h.started.length === i + 1);
      expect(h.contexts[i]?.signal.aborted).toBe(false);
      h.release(i);
    }
    await drained;
    expect(h.finished).toEqual([0, 1, 2]);
    expect(source.discarded).toEqual([]);
  });

  it("stop, drain and close are idempotent and share one promise", async () => {
    const source = fakeSource();
    const sub = new DispatchSubscription<number>(() => {}, { subject: "s" }).attach(source);
    const first = sub.close();
    expect(sub.close()).toBe(first);
    expect(sub.drain()).toBe(first);
    expect(sub[Symbol.asyncDispose]()).toBe(first);
    expect(sub.stop()).toBe(first);
    await first;
    // stop() joined the pending drain and escalated it.
    expect(source.calls).toEqual(["drain", "stop"]);
    const stopped = new DispatchSubscription<number>(() => {}, { subject: "s" }).attach(fakeSource());
    const once = stopped.stop();
    expect(stopped.stop()).toBe(once);
    expect(stopped.drain()).toBe(once);
    await once;
  });

  it("stop() during a drain with a hung handler aborts its signal and settles within the grace", async () => {
    const h = gatedHandler();
    const source = fakeSource();
    const sub = new DispatchSubscription(h.process, { subject: "s" }).attach(source);
    sub.deliver(0);
    sub.deliver(1);
    const drained = sub.drain();
    await waitFor(() => source.calls.length === 1);
    expect(await state(drained)).toBe("pending");
    const started = Date.now();
    expect(sub.stop()).toBe(drained);
    await drained;
    const took = Date.now() - started;
    expect(took).toBeLessThan(stopGraceMs + 400);
    expect(h.contexts[0]?.signal.aborted).toBe(true);
    expect(source.calls).toEqual(["drain", "stop"]);
    expect(source.discarded).toEqual([1]);
    await expect(sub.closed).resolves.toBeUndefined();
    expect(h.finished).toEqual([]);
  });

  it("drain() with a hung handler stops by itself after drainTimeout", async () => {
    const h = gatedHandler();
    const source = fakeSource();
    const sub = new DispatchSubscription(h.process, { subject: "s", drainTimeout: 100 }).attach(source);
    sub.deliver(0);
    const started = Date.now();
    await sub.close();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(100 + stopGraceMs + 400);
    expect(h.contexts[0]?.signal.aborted).toBe(true);
    expect(source.calls).toEqual(["drain", "stop"]);
  });

  it("a handler that honours its signal lets stop() return as soon as it ends", async () => {
    const source = fakeSource();
    const sub = new DispatchSubscription<number>(
      (_n, { signal }) =>
        new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true })),
      { subject: "s", drainTimeout: 50 },
    ).attach(source);
    sub.deliver(0);
    const started = Date.now();
    await sub.close();
    expect(Date.now() - started).toBeLessThan(stopGraceMs);
    expect(sub.inFlight).toBe(0);
  });

  it("rejects an invalid drainTimeout", () => {
    expect(() => new DispatchSubscription(() => {}, { subject: "s", drainTimeout: 0 })).toThrow(
      /drainTimeout/,
    );
  });

  it("stop() during fail() with a hung handler aborts it and still rejects closed", async () => {
    const h = gatedHandler();
    const sub = new DispatchSubscription(h.process, { subject: "s" }).attach(fakeSource());
    sub.deliver(0);
    const failure = new Error("consumer deleted");
    const failed = sub.fail(failure);
    expect(await state(failed)).toBe("pending");
    expect(sub.stop()).toBe(failed);
    await failed;
    expect(h.contexts[0]?.signal.aborted).toBe(true);
    await expect(sub.closed).rejects.toBe(failure);
  });

  it("close() is a graceful drain", async () => {
    const source = fakeSource();
    const sub = new DispatchSubscription<number>(() => {}, { subject: "s" }).attach(source);
    await sub[Symbol.asyncDispose]();
    expect(source.calls).toEqual(["drain"]);
    await expect(sub.closed).resolves.toBeUndefined();
  });

  it("stops when the abort signal fires", async () => {
    const h = gatedHandler();
    const source = fakeSource();
    const controller = new AbortController();
    const sub = new DispatchSubscription(h.process, { subject: "s", signal: controller.signal }).attach(
      source,
    );
    sub.deliver(0);
    controller.abort();
    await waitFor(() => source.calls.length === 1);
    expect(source.calls).toEqual(["stop"]);
    expect(h.contexts[0]?.signal.aborted).toBe(true);
    h.release(0);
    await expect(sub.closed).resolves.toBeUndefined();
  });

  it("with an already-aborted signal, ends at once and stops a source attached later", async () => {
    const controller = new AbortController();
    controller.abort();
    const sub = new DispatchSubscription<number>(() => {}, { subject: "s", signal: controller.signal });
    await expect(sub.closed).resolves.toBeUndefined();
    const source = fakeSource();
    sub.attach(source);
    await waitFor(() => source.calls.length === 1);
    expect(source.calls).toEqual(["stop"]);
  });

  it("detaches from the signal once closed", async () => {
    const controller = new AbortController();
    const source = fakeSource();
    const sub = new DispatchSubscription<number>(() => {}, {
      subject: "s",
      signal: controller.signal,
    }).attach(source);
    await sub.drain();
    controller.abort();
    await sub.closed;
    expect(source.calls).toEqual(["drain"]);
  });

  it("stop() still finishes when the source fails to stop, and reports the failure", async () => {
    const failure = new Error("unsubscribe failed");
    const sub = new DispatchSubscription<number>(() => {}, { subject: "s" }).attach({
      stop: () => Promise.reject(failure),
      drain: () => Promise.resolve(),
    });
    await expect(sub.stop()).rejects.toBe(failure);
    await expect(sub.closed).resolves.toBeUndefined();
  });

  it("reports a failing source.stop() after an abort as an error status, not an unhandled rejection", async () => {
    const failure = new Error("unsubscribe failed");
    const events: StatusEvent[] = [];
    const controller = new AbortController();
    const sub = new DispatchSubscription<number>(() => {}, {
      subject: "s",
      signal: controller.signal,
      onStatus: (e) => events.push(e),
    }).attach({ stop: () => Promise.reject(failure), drain: () => Promise.resolve() });
    controller.abort();
    await expect(sub.closed).resolves.toBeUndefined();
    await waitFor(() => events.length === 1);
    expect(events).toEqual([{ type: "error", error: failure }]);
  });

  it("fail() waits for in-flight handlers and rejects closed", async () => {
    const h = gatedHandler();
    const sub = new DispatchSubscription(h.process, { subject: "s" }).attach(fakeSource());
    sub.deliver(0);
    const failure = new Error("consumer deleted");
    const failed = sub.fail(failure);
    expect(await state(failed)).toBe("pending");
    h.release(0);
    await failed;
    await expect(sub.closed).rejects.toBe(failure);
  });

  it("whenBelow() tracks the backlog", async () => {
    const h = gatedHandler();
    const sub = new DispatchSubscription(h.process, { subject: "s" }).attach(fakeSource());
    sub.deliver(0);
    sub.deliver(1);
    const below = sub.whenBelow(2);
    expect(await state(below)).toBe("pending");
    h.release(0);
    await expect(below).resolves.toBeUndefined();
    await waitFor(() => h.started.length === 2);
    h.release(1);
    await sub.close();
  });
});
