import { describe, expect, it } from "vitest";
import { ClosedError, ConfigError, type StatusEvent } from "../src/index.js";
import { type PushSource, PushSubscriptions, type PushTarget } from "../src/internal.js";
import { type Deferred, deferred, waitFor } from "./helpers.js";

/** A push source the test drives: `push` sends a message, `calls` records how the subscription ended it. */
function fakePush<R>() {
  const calls: string[] = [];
  let target: PushTarget<R> | undefined;
  const source: PushSource = {
    unsubscribe: () => void calls.push("unsubscribe"),
    drain: async () => void calls.push("drain"),
  };
  return {
    calls,
    open: (opened: PushTarget<R>) => {
      target = opened;
      opened.attach(source);
    },
    push: (raw: R) => target?.push(raw),
  };
}

function recorder() {
  const events: StatusEvent[] = [];
  return { events, onStatus: (event: StatusEvent) => void events.push(event) };
}

describe("PushSubscriptions", () => {
  it("handler mode: drops past bufferSize, hands each dropped message to overflow and reports one slow_consumer", async () => {
    const subscriptions = new PushSubscriptions("subscriber");
    const source = fakePush<number>();
    const { events, onStatus } = recorder();
    const gate: Deferred = deferred();
    const handled: number[] = [];
    const overflowed: number[] = [];
    const sub = await subscriptions.handle<number>(
      "s",
      { bufferSize: 2, onStatus },
      async (n) => {
        await gate.promise;
        handled.push(n);
      },
      source.open,
      (n) => overflowed.push(n),
    );
    for (let i = 0; i < 5; i++) source.push(i);
    expect(overflowed).toEqual([2, 3, 4]);
    await waitFor(() => events.some((e) => e.type === "slow_consumer"));
    expect(events).toEqual([{ type: "slow_consumer", subject: "s", dropped: 3 }]);
    gate.resolve();
    await waitFor(() => handled.length === 2);
    expect(handled).toEqual([0, 1]);
    await sub.drain();
    expect(source.calls).toEqual(["drain"]);
  });

  it("stream mode: converts on delivery, reports what does not convert, drops before converting when full", async () => {
    const subscriptions = new PushSubscriptions("subscriber");
    const source = fakePush<string>();
    const { events, onStatus } = recorder();
    const converted: string[] = [];
    const stream = await subscriptions.stream<string, number>(
      "s",
      { bufferSize: 2, onStatus },
      (raw) => {
        converted.push(raw);
        if (raw === "bad") throw new Error("undecodable");
        return Number(raw);
      },
      source.open,
    );
    for (const raw of ["1", "bad", "2", "3"]) source.push(raw);
    expect(converted).toEqual(["1", "bad", "2"]);
    await waitFor(() => events.length === 2);
    expect(events[0]).toMatchObject({ type: "handler_error", subject: "s", error: new Error("undecodable") });
    expect(events[1]).toEqual({ type: "slow_consumer", subject: "s", dropped: 1 });
    const read: number[] = [];
    for await (const n of stream) {
      read.push(n);
      if (read.length === 2) break;
    }
    expect(read).toEqual([1, 2]);
    await stream.closed;
    expect(source.calls).toEqual(["unsubscribe"]);
  });

  it("rejects a bad bufferSize with the same ConfigError in both modes", async () => {
    const subscriptions = new PushSubscriptions("subscriber");
    const open = fakePush<number>().open;
    const message = "must be an integer >= 1, got 0";
    expect(() => subscriptions.handle("s", { bufferSize: 0 }, () => {}, open)).toThrow(ConfigError);
    expect(() => subscriptions.handle("s", { bufferSize: 0 }, () => {}, open)).toThrow(message);
    expect(() => subscriptions.stream("s", { bufferSize: 0 }, (n) => n, open)).toThrow(message);
  });

  it("a failed open ends the subscription and rethrows; close() drains the live ones, then refuses new ones", async () => {
    const subscriptions = new PushSubscriptions("responder");
    const failure = new Error("refused");
    await expect(
      subscriptions.handle<number>(
        "s",
        {},
        () => {},
        () => Promise.reject(failure),
      ),
    ).rejects.toBe(failure);

    const source = fakePush<number>();
    const sub = await subscriptions.handle<number>("t", {}, () => {}, source.open);
    await subscriptions.close();
    await sub.closed;
    expect(source.calls).toEqual(["drain"]);
    expect(() => subscriptions.assertOpen()).toThrow(ClosedError);
    expect(() => subscriptions.assertOpen()).toThrow(/responder/);
  });
});
