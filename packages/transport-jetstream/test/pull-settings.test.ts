import { ConfigError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { pullSettings } from "../src/consume/pull-settings.js";

function refusal(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("pullSettings", () => {
  it("defaults: the caller's buffer, half of it per batch (at most 256), 30 s expiry, heartbeat min(5 s, expiry/2)", () => {
    expect(pullSettings({}, 512)).toEqual({
      batch: 256,
      capacity: 512,
      expires: 30_000,
      idleHeartbeat: 5000,
    });
    expect(pullSettings({}, 2000)).toMatchObject({ batch: 256, capacity: 2000 });
    expect(pullSettings({ bufferSize: 65 }, 512)).toMatchObject({ batch: 32, capacity: 65 });
    expect(pullSettings({ expires: 4000 }, 512)).toMatchObject({ expires: 4000, idleHeartbeat: 2000 });
  });

  it("keeps what it is given at the bounds", () => {
    expect(pullSettings({ bufferSize: 2, batch: 1, expires: 1000, idleHeartbeat: 500 }, 512)).toEqual({
      batch: 1,
      capacity: 2,
      expires: 1000,
      idleHeartbeat: 500,
    });
    // Two pulls in flight must fit the buffer: a batch of exactly half is the largest allowed.
    expect(pullSettings({ bufferSize: 100, batch: 50 }, 512).batch).toBe(50);
    expect(pullSettings({ expires: 10_000, idleHeartbeat: 9999 }, 512).idleHeartbeat).toBe(9999);
  });

  it("refuses a buffer below 2 or not an integer, naming bufferSize", () => {
    for (const bufferSize of [1, 0, -4, 2.5, Number.NaN]) {
      expect(refusal(() => pullSettings({ bufferSize }, 512)).field).toBe("bufferSize");
    }
    expect(refusal(() => pullSettings({}, 1)).field).toBe("bufferSize");
  });

  it("refuses a batch outside 1..bufferSize/2, naming batch and the bound", () => {
    for (const batch of [0, -1, 51, 1.5, Number.POSITIVE_INFINITY]) {
      const error = refusal(() => pullSettings({ bufferSize: 100, batch }, 512));
      expect(error.field).toBe("batch");
      expect(error.message).toContain("bufferSize / 2 (50)");
    }
  });

  it("refuses an expiry under 1 s and a heartbeat under 500 ms or not under the expiry", () => {
    for (const expires of [999, 0, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(refusal(() => pullSettings({ expires }, 512)).field).toBe("expires");
    }
    for (const idleHeartbeat of [499, 5000, 6000, Number.NaN]) {
      const error = refusal(() => pullSettings({ expires: 5000, idleHeartbeat }, 512));
      expect(error.field).toBe("idleHeartbeat");
      expect(error.message).toContain("less than expires (5000)");
    }
  });
});
