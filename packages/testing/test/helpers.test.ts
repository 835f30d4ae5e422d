import { accessSync, constants } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  externalServerUrl,
  NatsServerNotFoundError,
  serverBinary,
  serverVersion,
  uniqueName,
  versionAtLeast,
} from "../src/index.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("serverBinary", () => {
  it("returns an executable nats-server whose version parses", () => {
    const bin = serverBinary();
    accessSync(bin, constants.X_OK);
    expect(serverVersion(bin)).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("explains how to get a server when NATS_SERVER_BIN points to a missing file", () => {
    vi.stubEnv("NATS_SERVER_BIN", "/nonexistent/nats-server");
    expect(() => serverBinary()).toThrow(NatsServerNotFoundError);
    expect(() => serverBinary()).toThrow(/\/nonexistent\/nats-server/);
    expect(() => serverBinary()).toThrow(/scripts\/ensure-nats-server\.sh/);
    expect(() => serverBinary()).toThrow(/apt-get install nats-server/);
    expect(() => serverBinary()).toThrow(/NATS_SERVER_BIN/);
  });
});

describe("versionAtLeast", () => {
  it.each([
    ["2.9.10", "2.10.0", false],
    ["2.10.0", "2.10.0", true],
    ["2.15.2", "2.10.0", true],
    ["v2.11.0", "2.11", true],
    ["2.11.0-RC.1", "2.11.0", true],
    ["2.9.10", "2.9.11", false],
    ["3.0.0", "2.99.99", true],
  ])("%s >= %s is %s", (version, min, expected) => {
    expect(versionAtLeast(version, min)).toBe(expected);
  });
});

describe("uniqueName", () => {
  it("is unique and safe as a stream name and subject token", () => {
    const names = new Set(Array.from({ length: 100 }, () => uniqueName("t")));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^t_[0-9a-f]{8}$/);
    expect(uniqueName("a.b c*>")).toMatch(/^a_b_c___[0-9a-f]{8}$/);
  });
});

describe("externalServerUrl", () => {
  it("is NATS_URL when set, else undefined", () => {
    vi.stubEnv("NATS_URL", "nats://example:4222");
    expect(externalServerUrl()).toBe("nats://example:4222");
    vi.stubEnv("NATS_URL", "");
    expect(externalServerUrl()).toBeUndefined();
  });
});
