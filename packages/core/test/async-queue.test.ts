import { describe, expect, it } from "vitest";
import { AsyncQueue } from "../src/internal.js";
import { state } from "./helpers.js";

describe("AsyncQueue", () => {
  it("yields pushed items in order", async () => {
    const queue = new AsyncQueue<number>(10);
    expect(queue.push(1)).toBe(true);
    expect(queue.push(2)).toBe(true);
    expect(queue.length).toBe(2);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: 2, done: false });
    expect(queue.length).toBe(0);
  });

  it("hands an item straight to a waiting reader", async () => {
    const queue = new AsyncQueue<string>(1);
    const next = queue.next();
    expect(await state(next)).toBe("pending");
    expect(queue.push("a")).toBe(true);
    expect(await next).toEqual({ value: "a", done: false });
    expect(queue.length).toBe(0);
  });

  it("refuses items when full and keeps nothing", () => {
    const queue = new AsyncQueue<number>(2);
    expect(queue.push(1)).toBe(true);
    expect(queue.push(2)).toBe(true);
    expect(queue.full).toBe(true);
    expect(queue.push(3)).toBe(false);
    expect(queue.length).toBe(2);
  });

  it("whenSpace() waits until a reader takes an item", async () => {
    const queue = new AsyncQueue<number>(1);
    await expect(queue.whenSpace()).resolves.toBeUndefined();
    queue.push(1);
    const space = queue.whenSpace();
    expect(await state(space)).toBe("pending");
    await queue.next();
    expect(await state(space)).toBe("resolved");
  });

  it("whenSpace() resolves when the queue ends or is cleared", async () => {
    const ended = new AsyncQueue<number>(1);
    ended.push(1);
    const space = ended.whenSpace();
    ended.end();
    expect(await state(space)).toBe("resolved");

    const cleared = new AsyncQueue<number>(1);
    cleared.push(1);
    const space2 = cleared.whenSpace();
    expect(cleared.clear()).toEqual([1]);
    expect(await state(space2)).toBe("resolved");
  });

  it("after end(), readers get the buffered items, then done; pushes are refused", async () => {
    const queue = new AsyncQueue<number>(5);
    queue.push(1);
    queue.end();
    expect(queue.ended).toBe(true);
    expect(queue.push(2)).toBe(false);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it("end() finishes readers that are already waiting", async () => {
    const queue = new AsyncQueue<number>(5);
    const a = queue.next();
    const b = queue.next();
    queue.end();
    expect(await a).toEqual({ value: undefined, done: true });
    expect(await b).toEqual({ value: undefined, done: true });
  });

  it("end(error) throws the error once, after the buffered items", async () => {
    const queue = new AsyncQueue<number>(5);
    const failure = new Error("connection lost");
    queue.push(1);
    queue.end(failure);
    expect(await queue.next()).toEqual({ value: 1, done: false });
    await expect(queue.next()).rejects.toBe(failure);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it("end(error) rejects a waiting reader", async () => {
    const queue = new AsyncQueue<number>(5);
    const failure = new Error("connection lost");
    const next = queue.next();
    queue.end(failure);
    await expect(next).rejects.toBe(failure);
  });

  it("end() is idempotent: the first call wins", async () => {
    const queue = new AsyncQueue<number>(5);
    queue.end();
    queue.end(new Error("late"));
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it("works with for await, and return() (break) ends it, hands the rest to onReturn", async () => {
    const returned: number[][] = [];
    const queue = new AsyncQueue<number>(10, (dropped) => returned.push(dropped));
    for (let i = 0; i < 5; i++) queue.push(i);
    const seen: number[] = [];
    for await (const n of queue) {
      seen.push(n);
      if (n === 1) break;
    }
    expect(seen).toEqual([0, 1]);
    expect(returned).toEqual([[2, 3, 4]]);
    expect(queue.ended).toBe(true);
    expect(queue.length).toBe(0);
    expect(queue.push(9)).toBe(false);
  });

  it("a for await loop finishes when the queue ends", async () => {
    const queue = new AsyncQueue<number>(10);
    const seen: number[] = [];
    const loop = (async () => {
      for await (const n of queue) seen.push(n);
    })();
    queue.push(1);
    queue.push(2);
    queue.end();
    await loop;
    expect(seen).toEqual([1, 2]);
  });
});
