import { describe, expect, it } from "vitest";
import { Dispatcher } from "../src/internal.js";
import { type Deferred, deferred, flush, state, waitFor } from "./helpers.js";

function noErrors(error: unknown): void {
  throw new Error(`unexpected handler error: ${String(error)}`);
}

describe("Dispatcher", () => {
  it("processes synchronously handled items in arrival order at concurrency 1", () => {
    const seen: number[] = [];
    const dispatcher = new Dispatcher<number>((n) => void seen.push(n), 1, noErrors);
    for (let i = 0; i < 5; i++) dispatcher.push(i);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(dispatcher.size).toBe(0);
  });

  it("keeps arrival order when a synchronous handler pushes more items while it runs", () => {
    const seen: number[] = [];
    const dispatcher: Dispatcher<number> = new Dispatcher<number>(
      (n) => {
        seen.push(n);
        // Re-entrant pushes must queue behind the running item, not start inside it.
        if (n === 0) for (let i = 1; i <= 3; i++) dispatcher.push(i * 10);
        expect(dispatcher.running).toBe(1);
      },
      1,
      noErrors,
    );
    dispatcher.push(0);
    dispatcher.push(1);
    expect(seen).toEqual([0, 10, 20, 30, 1]);
    expect(dispatcher.size).toBe(0);
  });

  it("reports a synchronous throw from a directly started item and carries on", () => {
    const errors: unknown[] = [];
    const seen: number[] = [];
    const dispatcher = new Dispatcher<number>(
      (n) => {
        if (n === 1) throw new Error("boom 1");
        seen.push(n);
      },
      1,
      (error) => errors.push(error),
    );
    for (let i = 0; i < 3; i++) dispatcher.push(i);
    expect(seen).toEqual([0, 2]);
    expect(errors).toHaveLength(1);
    expect(dispatcher.size).toBe(0);
  });

  it("runs async items one at a time and in order at concurrency 1", async () => {
    const seen: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const dispatcher = new Dispatcher<number>(
      async (n) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        seen.push(`start ${n}`);
        // Later items finish faster (fewer event-loop turns): order must still hold.
        for (let turn = 0; turn < 5 - n; turn++) await new Promise((resolve) => setImmediate(resolve));
        seen.push(`end ${n}`);
        running--;
      },
      1,
      noErrors,
    );
    for (let i = 0; i < 4; i++) dispatcher.push(i);
    await dispatcher.idle();
    expect(maxRunning).toBe(1);
    expect(seen).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });

  it("never runs more than the concurrency limit and uses all of it", async () => {
    const gates: Deferred[] = [];
    let running = 0;
    let maxRunning = 0;
    const dispatcher = new Dispatcher<number>(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const gate = deferred();
        gates.push(gate);
        await gate.promise;
        running--;
      },
      3,
      noErrors,
    );
    for (let i = 0; i < 10; i++) dispatcher.push(i);
    expect(dispatcher.running).toBe(3);
    expect(dispatcher.queued).toBe(7);
    expect(dispatcher.size).toBe(10);
    while (gates.length > 0) {
      gates.shift()?.resolve();
      await flush();
    }
    await dispatcher.idle();
    expect(maxRunning).toBe(3);
    expect(dispatcher.size).toBe(0);
  });

  it("reports sync throws and async rejections with the item, and keeps going", async () => {
    const errors: Array<[unknown, number]> = [];
    const seen: number[] = [];
    const dispatcher = new Dispatcher<number>(
      (n) => {
        seen.push(n);
        if (n === 1) throw new Error("sync boom");
        if (n === 2) return Promise.reject(new Error("async boom"));
        return undefined;
      },
      1,
      (error, item) => errors.push([error, item]),
    );
    for (let i = 0; i < 4; i++) dispatcher.push(i);
    await dispatcher.idle();
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(errors.map(([e, item]) => [(e as Error).message, item])).toEqual([
      ["sync boom", 1],
      ["async boom", 2],
    ]);
  });

  it("survives an error sink that throws", async () => {
    const seen: number[] = [];
    const dispatcher = new Dispatcher<number>(
      (n) => {
        seen.push(n);
        throw new Error("boom");
      },
      1,
      () => {
        throw new Error("sink broken");
      },
    );
    dispatcher.push(1);
    dispatcher.push(2);
    await dispatcher.idle();
    expect(seen).toEqual([1, 2]);
  });

  it("does not grow the stack with many synchronous items", () => {
    let count = 0;
    const dispatcher = new Dispatcher<number>(() => void count++, 1, noErrors);
    // An item pushed from inside the handler is picked up by the running loop, not by recursion.
    const reentrant = new Dispatcher<number>(
      (n) => {
        count++;
        if (n > 0) reentrant.push(n - 1);
      },
      1,
      noErrors,
    );
    for (let i = 0; i < 5000; i++) dispatcher.push(i);
    reentrant.push(50_000);
    expect(count).toBe(5000 + 50_001);
  });

  it("idle() resolves at once when empty and after the last item otherwise", async () => {
    const gate = deferred();
    const dispatcher = new Dispatcher<number>(() => gate.promise, 1, noErrors);
    await expect(dispatcher.idle()).resolves.toBeUndefined();
    dispatcher.push(1);
    const idle = dispatcher.idle();
    expect(await state(idle)).toBe("pending");
    gate.resolve();
    await expect(idle).resolves.toBeUndefined();
  });

  it("whenBelow() resolves once the backlog falls under the limit", async () => {
    const gates: Deferred[] = [];
    const dispatcher = new Dispatcher<number>(
      () => {
        const gate = deferred();
        gates.push(gate);
        return gate.promise;
      },
      1,
      noErrors,
    );
    for (let i = 0; i < 3; i++) dispatcher.push(i);
    await expect(dispatcher.whenBelow(4)).resolves.toBeUndefined();
    const below2 = dispatcher.whenBelow(2);
    expect(await state(below2)).toBe("pending");
    gates[0]?.resolve();
    expect(await state(below2)).toBe("pending"); // 2 left: still not below 2
    gates[1]?.resolve();
    expect(await state(below2)).toBe("resolved");
    gates[2]?.resolve();
    await dispatcher.idle();
  });

  it("clear() drops waiting items, returns them, and lets running ones finish", async () => {
    const gate = deferred();
    const seen: number[] = [];
    const dispatcher = new Dispatcher<number>(
      async (n) => {
        seen.push(n);
        await gate.promise;
      },
      1,
      noErrors,
    );
    for (let i = 0; i < 4; i++) dispatcher.push(i);
    expect(dispatcher.clear()).toEqual([1, 2, 3]);
    expect(dispatcher.size).toBe(1);
    gate.resolve();
    await dispatcher.idle();
    expect(seen).toEqual([0]);
    dispatcher.push(9);
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([0, 9]);
  });

  it("keeps order across the internal queue compaction", async () => {
    const seen: number[] = [];
    const gate = deferred();
    const dispatcher = new Dispatcher<number>(
      async (n) => {
        if (n === 0) await gate.promise;
        seen.push(n);
      },
      1,
      noErrors,
    );
    const total = 3000;
    for (let i = 0; i < total; i++) dispatcher.push(i);
    gate.resolve();
    await dispatcher.idle();
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});
