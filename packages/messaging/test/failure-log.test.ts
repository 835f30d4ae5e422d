import { describe, expect, it } from "vitest";
import type { Logger } from "../src/index.js";
import { failureLog } from "../src/runtime/failure-log.js";

describe("failureLog: a consumer's handler failures, at a bounded rate, in the service's log", () => {
  it("logs the first five one by one and the rest as one summary when flushed", () => {
    const lines: Array<{ message: string; attributes: Record<string, unknown> | undefined }> = [];
    const logger: Logger = {
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (message, attributes) => void lines.push({ message, attributes }),
    };
    const failures = failureLog(logger, "svc");
    for (let i = 0; i < 8; i++) {
      const routingKey = i % 2 === 0 ? "A" : "B";
      failures.offer(routingKey, { routingKey, error: new Error(`e${i}`), deliveryCount: 2, retryInMs: 50 });
    }
    failures.flush();
    expect(lines.map((l) => l.message)).toEqual([
      ...Array(5).fill("handler failed, naking for redelivery"),
      "handler failures not logged one by one, naked for redelivery",
    ]);
    expect(lines[0]?.attributes).toMatchObject({
      routingKey: "A",
      consumer: "svc",
      error: { message: "e0" },
      deliveryCount: 2,
      retryInMs: 50,
    });
    expect(lines[5]?.attributes).toMatchObject({
      consumer: "svc",
      failures: 3,
      byRoutingKey: { A: 1, B: 2 },
      lastError: { message: "e7" },
      windowMs: 10_000,
    });
  });
});
