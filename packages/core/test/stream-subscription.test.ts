import { describe, expect, it } from "vitest";
import { ConfigError, type StatusEvent } from "../src/index.js";
import { StreamSubscription, type SubscriptionSource } from "../src/internal.js";
import { state, waitFor } from "./helpers.js";

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

describe("StreamSubscription", () => {
  it("yields offered messages in order", async () => {
    const stream = new StreamSubscription<number>({ subject: "s" }).attach(fakeSource());
    expect(stream.subject).toBe("s");
    expect(stream.inFlight).toBe(0);
    for (let i = 0; i < 3; i++) expect(stream.offer(i)).toBe(true);
    expect(stream.buffered).toBe(3);
    const seen: number[] = [];
    for await (const n of stream) {
      seen.push(n);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
  });

  it("is bounded: offer() returns false when full, whenSpace() waits for the reader", async () => {
    const stream = new StreamSubscription<number>({ subject: "s", bufferSize: 2 }).attach(fakeSource());
    expect(stream.offer(1)).toBe(true);
    expect(stream.offer(2)).toBe(true);
    expect(stream.full).toBe(true);
    expect(stream.offer(3)).toBe(false);
    const space = stream.whenSpace();
    expect(await state(space)).toBe("pending");
    const iterator = stream[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    await expect(space).resolves.toBeUndefined();
    await stream.stop();
  });

  it("defaults the buffer to 256 and rejects invalid sizes", () => {
    const stream = new StreamSubscription<number>({ subject: "s" });
    for (let i = 0; i < 256; i++) expect(stream.offer(i)).toBe(true);
    expect(stream.offer(256)).toBe(false);
    expect(() => new StreamSubscription({ subject: "s", bufferSize: 0 })).toThrow(ConfigError);
    expect(() => new StreamSubscription({ subject: "s", bufferSize: 2.5 })).toThrow(ConfigError);
  });

  it("breaking out of the loop stops the subscription and discards the rest", async () => {
    const source = fakeSource();
    const stream = new StreamSubscription<number>({ subject: "s" }).attach(source);
    for (let i = 0; i < 4; i++) stream.offer(i);
    for await (const n of stream) {
      if (n === 0) break;
    }
    await stream.closed;
    expect(source.calls).toEqual(["stop"]);
    expect(source.discarded).toEqual([1, 2, 3]);
    expect(stream.offer(9)).toBe(false);
  });

  it("a reader breaking out after the stream ended still hands its leftovers back", async () => {
    const source = fakeSource();
    const stream = new StreamSubscription<number>({ subject: "s" }).attach(source);
    for (let i = 0; i < 3; i++) stream.offer(i);
    await stream.drain();
    for await (const n of stream) {
      if (n === 0) break;
    }
    expect(source.discarded).toEqual([1, 2]);
  });

  it("reports a failing source.stop() after an abort as an error status, not an unhandled rejection", async () => {
    const failure = new Error("unsubscribe failed");
    const events: StatusEvent[] = [];
    const controller = new AbortController();
    const stream = new StreamSubscription<number>({
      subject: "s",
      signal: controller.signal,
      onStatus: (e) => events.push(e),
    }).attach({ stop: () => Promise.reject(failure), drain: () => Promise.resolve() });
    controller.abort();
    await expect(stream.closed).resolves.toBeUndefined();
    await waitFor(() => events.length === 1);
    expect(events).toEqual([{ type: "error", error: failure }]);
  });

  it("drain() lets the reader finish the buffered messages, then ends the loop", async () => {
    const source = fakeSource();
    const stream = new StreamSubscription<number>({ subject: "s" }).attach(source);
    stream.offer(1);
    stream.offer(2);
    await stream.drain();
    expect(source.calls).toEqual(["drain"]);
    const seen: number[] = [];
    for await (const n of stream) seen.push(n);
    expect(seen).toEqual([1, 2]);
    await expect(stream.closed).resolves.toBeUndefined();
  });

  it("stop() drops the buffer and ends a waiting reader", async () => {
    const source = fakeSource();
    const stream = new StreamSubscription<number>({ subject: "s" }).attach(source);
    const reader = (async () => {
      const seen: number[] = [];
      for await (const n of stream) seen.push(n);
      return seen;
    })();
    stream.offer(1);
    await waitFor(() => stream.buffered === 0);
    await stream.stop();
    expect(await reader).toEqual([1]);
    expect(source.calls).toEqual(["stop"]);
  });

  it("close() is idempotent and shared with Symbol.asyncDispose; stop() joins it and escalates", async () => {
    const source = fakeSource();
    const stream = new StreamSubscription<number>({ subject: "s" }).attach(source);
    const first = stream.close();
    expect(stream[Symbol.asyncDispose]()).toBe(first);
    expect(stream.stop()).toBe(first);
    await first;
    expect(source.calls).toEqual(["drain", "stop"]);
  });

  it("a drain whose source never finishes stops after drainTimeout", async () => {
    const calls: string[] = [];
    const stream = new StreamSubscription<number>({ subject: "s", drainTimeout: 50 }).attach({
      stop: async () => void calls.push("stop"),
      drain: () => new Promise<void>(() => calls.push("drain")),
    });
    const started = Date.now();
    await stream.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(calls).toEqual(["drain", "stop"]);
    await expect(stream.closed).resolves.toBeUndefined();
  });

  it("stops when the abort signal fires, also when it fired before", async () => {
    const controller = new AbortController();
    const source = fakeSource();
    const stream = new StreamSubscription<number>({ subject: "s", signal: controller.signal }).attach(source);
    controller.abort();
    await expect(stream.closed).resolves.toBeUndefined();
    expect(source.calls).toEqual(["stop"]);

    const late = fakeSource();
    const aborted = new StreamSubscription<number>({ subject: "s", signal: controller.signal });
    await expect(aborted.closed).resolves.toBeUndefined();
    aborted.attach(late);
    await waitFor(() => late.calls.length === 1);
    expect(late.calls).toEqual(["stop"]);
    expect(aborted.offer(1)).toBe(false);
  });

  it("fail() makes the loop throw after the buffered messages and rejects closed", async () => {
    const stream = new StreamSubscription<number>({ subject: "s" }).attach(fakeSource());
    const failure = new Error("consumer deleted");
    stream.offer(1);
    await stream.fail(failure);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const n of stream) seen.push(n);
      })(),
    ).rejects.toBe(failure);
    expect(seen).toEqual([1]);
    await expect(stream.closed).rejects.toBe(failure);
  });
});
