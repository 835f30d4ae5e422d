import { describe, expect, it } from "vitest";
import { UntilTimeoutError, until } from "../src/index.js";

describe("until", () => {
  it("returns the probe's first truthy value, probing again until then", async () => {
    let calls = 0;
    const value = await until("the third probe", async () => (++calls === 3 ? { calls } : undefined), {
      intervalMs: 1,
    });
    expect(value).toEqual({ calls: 3 });
  });

  it("fails with a named timeout error that can describe the state seen", async () => {
    let seen = 0;
    const waiting = until(
      () => `seen to reach 99 (it is ${seen})`,
      () => {
        seen++;
        return false;
      },
      { timeoutMs: 30, intervalMs: 5 },
    );
    await expect(waiting).rejects.toBeInstanceOf(UntilTimeoutError);
    await expect(waiting).rejects.toThrow(/timed out after 30 ms waiting for seen to reach 99 \(it is \d+\)/);
    expect(seen).toBeGreaterThan(1);
  });

  it("fails at once when the probe throws", async () => {
    const started = Date.now();
    await expect(
      until("never", () => {
        throw new Error("probe broke");
      }),
    ).rejects.toThrow("probe broke");
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
