import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type HeldBack, RateLimiter, type RateLimits } from "../src/internal.js";

interface Failure {
  readonly error: Error;
}

const reported: Failure[] = [];
const summaries: HeldBack<Failure>[] = [];
const limiter = (limits: RateLimits) =>
  new RateLimiter<Failure>({
    ...limits,
    each: (event) => void reported.push(event),
    summary: (heldBack) => void summaries.push(heldBack),
  });
const failure = (message = "boom"): Failure => ({ error: new Error(message) });

beforeEach(() => {
  reported.length = 0;
  summaries.length = 0;
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("RateLimiter: events reported at a bounded rate", () => {
  it("reports the first `burst` of a window one by one and summarises the rest when the window ends", () => {
    const limit = limiter({ burst: 2, windowMs: 1000 });
    for (let i = 0; i < 10; i++) limit.offer(i % 2 === 0 ? "A" : "B", failure(`e${i}`));
    expect(reported.map((f) => f.error.message)).toEqual(["e0", "e1"]);
    expect(summaries).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ count: 8, byKey: { A: 4, B: 4 }, windowMs: 1000 });
    expect(summaries[0]?.last.error.message).toBe("e9");
  });

  it("an event every millisecond for a minute costs at most burst + 1 reports per window", () => {
    const limit = limiter({ burst: 5, windowMs: 10_000 });
    for (let t = 0; t < 60_000; t++) {
      limit.offer("A", failure());
      vi.advanceTimersByTime(1);
    }
    limit.flush();
    expect(reported.length + summaries.length).toBeLessThanOrEqual(6 * 6);
    expect(reported.length + summaries.reduce((n, s) => n + s.count, 0)).toBe(60_000);
  });

  it("flush is idempotent and reports nothing when nothing was held back", () => {
    const limit = limiter({ burst: 1 });
    limit.offer("A", failure());
    limit.flush();
    limit.flush();
    expect(reported).toHaveLength(1);
    expect(summaries).toEqual([]);
  });
});
