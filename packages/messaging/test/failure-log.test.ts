import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Logger } from "../src/index.js";
import { FailureLog } from "../src/runtime/failure-log.js";

const lines: Array<{ message: string; attributes: Record<string, unknown> | undefined }> = [];
const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message, attributes) => void lines.push({ message, attributes }),
};
const failure = (routingKey: string, error: unknown = new Error("boom")) => ({
  routingKey,
  error,
  deliveryCount: 1,
  retryInMs: 0,
});

beforeEach(() => {
  lines.length = 0;
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("FailureLog: handler failures logged at a bounded rate", () => {
  it("logs the first `burst` of a window one by one and summarises the rest when the window ends", () => {
    const log = new FailureLog(logger, "svc", { burst: 2, windowMs: 1000 });
    for (let i = 0; i < 10; i++) log.failed(failure(i % 2 === 0 ? "A" : "B", new Error(`e${i}`)));
    expect(lines.map((l) => l.message)).toEqual([
      "handler failed, naking for redelivery",
      "handler failed, naking for redelivery",
    ]);
    vi.advanceTimersByTime(1000);
    expect(lines).toHaveLength(3);
    expect(lines[2]?.attributes).toMatchObject({
      consumer: "svc",
      failures: 8,
      byRoutingKey: { A: 4, B: 4 },
      windowMs: 1000,
    });
    expect(lines[2]?.attributes?.lastError).toMatchObject({ message: "e9" });
  });

  it("a failure every millisecond for a minute costs at most burst + 1 lines per window", () => {
    const log = new FailureLog(logger, "svc", { burst: 5, windowMs: 10_000 });
    for (let t = 0; t < 60_000; t++) {
      log.failed(failure("A"));
      vi.advanceTimersByTime(1);
    }
    log.flush();
    expect(lines.length).toBeLessThanOrEqual(6 * 6);
    const counted = lines.reduce((n, l) => n + ((l.attributes?.failures as number | undefined) ?? 1), 0);
    expect(counted).toBe(60_000);
  });

  it("flush is idempotent and writes nothing when nothing was held back", () => {
    const log = new FailureLog(logger, "svc", { burst: 1 });
    log.failed(failure("A"));
    log.flush();
    log.flush();
    expect(lines).toHaveLength(1);
  });
});
