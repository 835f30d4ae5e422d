import { describe, expect, it } from "vitest";
import {
  backoffRetryPolicy,
  ConfigError,
  DecodeError,
  NonRetryableError,
  TimeoutError,
} from "../src/index.js";

describe("backoffRetryPolicy", () => {
  it("acks a success", () => {
    expect(backoffRetryPolicy()(undefined, 1)).toEqual({ action: "ack" });
    expect(backoffRetryPolicy()(undefined, 7)).toEqual({ action: "ack" });
  });

  it("terms a NonRetryableError with its message as reason", () => {
    expect(backoffRetryPolicy()(new NonRetryableError("invalid order"), 1)).toEqual({
      action: "term",
      reason: "invalid order",
    });
  });

  it("terms a DecodeError, also when it is the cause of the thrown error", () => {
    const decode = new DecodeError("json", "orders", new SyntaxError("bad json"));
    expect(backoffRetryPolicy()(decode, 1)).toMatchObject({ action: "term", reason: decode.message });
    const wrapped = new Error("handler failed", { cause: decode });
    expect(backoffRetryPolicy()(wrapped, 3)).toEqual({ action: "term", reason: "handler failed" });
  });

  it("naks other failures with the default schedule, repeating the last entry", () => {
    const policy = backoffRetryPolicy();
    const failure = new TimeoutError("request", "db", 10);
    expect([1, 2, 3, 4, 10].map((n) => policy(failure, n))).toEqual([
      { action: "nak", delayMs: 1000 },
      { action: "nak", delayMs: 5000 },
      { action: "nak", delayMs: 30000 },
      { action: "nak", delayMs: 30000 },
      { action: "nak", delayMs: 30000 },
    ]);
  });

  it("uses a custom schedule by delivery count", () => {
    const policy = backoffRetryPolicy({ delays: [10, 20] });
    const failure = new Error("db down");
    expect(policy(failure, 1)).toEqual({ action: "nak", delayMs: 10 });
    expect(policy(failure, 2)).toEqual({ action: "nak", delayMs: 20 });
    expect(policy(failure, 3)).toEqual({ action: "nak", delayMs: 20 });
  });

  it("treats a delivery count below 1 as the first delivery", () => {
    const policy = backoffRetryPolicy({ delays: [10, 20] });
    expect(policy(new Error("x"), 0)).toEqual({ action: "nak", delayMs: 10 });
    expect(policy(new Error("x"), -5)).toEqual({ action: "nak", delayMs: 10 });
  });

  it("naks without a delay when the schedule is empty", () => {
    const policy = backoffRetryPolicy({ delays: [] });
    expect(policy(new Error("x"), 1)).toEqual({ action: "nak" });
    expect(policy(new Error("x"), 9)).toEqual({ action: "nak" });
  });

  it("accepts a zero delay", () => {
    expect(backoffRetryPolicy({ delays: [0] })(new Error("x"), 1)).toEqual({ action: "nak", delayMs: 0 });
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    "rejects the delay %s with a ConfigError",
    (bad) => {
      let thrown: unknown;
      try {
        backoffRetryPolicy({ delays: [100, bad] });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).field).toBe("delays[1]");
    },
  );

  it("copies the schedule, so later changes to the caller's array do not leak in", () => {
    const delays = [10];
    const policy = backoffRetryPolicy({ delays });
    delays[0] = 999;
    expect(policy(new Error("x"), 1)).toEqual({ action: "nak", delayMs: 10 });
  });
});
