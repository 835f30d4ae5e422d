import { describe, expect, it } from "vitest";
import { AbortedError } from "../src/index.js";
import { onAbort, raceAbort, throwIfAborted } from "../src/internal.js";
import { deferred, state } from "./helpers.js";

/** Counts abort listeners so tests can check nothing is left attached to a long-lived signal. */
function countingSignal() {
  const controller = new AbortController();
  let listeners = 0;
  const signal = controller.signal;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => {
    listeners++;
    add(...args);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
    listeners--;
    remove(...args);
  }) as typeof signal.removeEventListener;
  return { controller, signal, listeners: () => listeners };
}

describe("raceAbort", () => {
  it("passes the promise through without a signal", async () => {
    const promise = Promise.resolve(1);
    expect(raceAbort(promise, undefined, "op")).toBe(promise);
  });

  it("resolves and rejects with the promise and removes its listener", async () => {
    const s = countingSignal();
    await expect(raceAbort(Promise.resolve(7), s.signal, "op")).resolves.toBe(7);
    const failure = new Error("x");
    await expect(raceAbort(Promise.reject(failure), s.signal, "op")).rejects.toBe(failure);
    expect(s.listeners()).toBe(0);
  });

  it("rejects with AbortedError as soon as the signal fires, with the reason as cause", async () => {
    const controller = new AbortController();
    const pending = deferred<number>();
    const raced = raceAbort(pending.promise, controller.signal, "request");
    expect(await state(raced)).toBe("pending");
    const reason = new Error("user cancelled");
    controller.abort(reason);
    const error = await raced.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as AbortedError).operation).toBe("request");
    expect((error as AbortedError).cause).toBe(reason);
    // A later rejection of the raced promise must not surface as an unhandled rejection.
    pending.reject(new Error("late"));
    await state(pending.promise);
  });

  it("rejects at once for an already-aborted signal", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await raceAbort(Promise.reject(new Error("ignored")), controller.signal, "fetch").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AbortedError);
  });
});

describe("throwIfAborted", () => {
  it("throws AbortedError only for an aborted signal", () => {
    expect(() => throwIfAborted(undefined, "op")).not.toThrow();
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal, "op")).not.toThrow();
    controller.abort("bye");
    expect(() => throwIfAborted(controller.signal, "publish")).toThrow(AbortedError);
    expect(() => throwIfAborted(controller.signal, "publish")).toThrow("publish was aborted: bye");
  });
});

describe("onAbort", () => {
  it("calls the action once on abort", () => {
    const controller = new AbortController();
    let calls = 0;
    onAbort(controller.signal, () => calls++);
    controller.abort();
    controller.abort();
    expect(calls).toBe(1);
  });

  it("calls at once for an aborted signal and is a no-op without a signal", () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    onAbort(controller.signal, () => calls++)();
    expect(calls).toBe(1);
    expect(() => onAbort(undefined, () => calls++)()).not.toThrow();
    expect(calls).toBe(1);
  });

  it("detaches", () => {
    const s = countingSignal();
    let calls = 0;
    const detach = onAbort(s.signal, () => calls++);
    expect(s.listeners()).toBe(1);
    detach();
    expect(s.listeners()).toBe(0);
    s.controller.abort();
    expect(calls).toBe(0);
  });
});
