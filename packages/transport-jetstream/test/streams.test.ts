import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError } from "@natsflux/core";
import { uniqueName } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureStream, JetStreamPublisher, StreamConfigConflictError } from "../src/index.js";
import { type TestEnv, testEnv } from "./support.js";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

afterAll(async () => {
  await env?.close();
});

describe("ensureStream", () => {
  it("creates a file stream, and is idempotent", async () => {
    const name = uniqueName("S");
    const created = await ensureStream(env.nc, {
      name,
      subjects: [`${name}.>`],
      maxAge: 60_000,
      maxMsgs: 100,
    });
    expect(created.config).toMatchObject({ name, subjects: [`${name}.>`], storage: "file", max_msgs: 100 });
    expect(created.config.max_age).toBe(60_000 * 1_000_000);
    const again = await ensureStream(env.nc, { name, subjects: [`${name}.>`], maxAge: 60_000, maxMsgs: 100 });
    expect(again.config).toEqual(created.config);
    expect(again.created).toEqual(created.created);
  });

  it("updates an existing stream in place, keeping its messages and the fields left out", async () => {
    const name = uniqueName("S");
    await ensureStream(env.jsm, { name, subjects: [`${name}.>`], maxMsgs: 100, description: "first" });
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    for (let i = 0; i < 5; i++) await publisher.publish(`${name}.x`, i);
    const updated = await ensureStream(env.nc, { name, subjects: [`${name}.>`], maxMsgs: 1000 });
    expect(updated.config.max_msgs).toBe(1000);
    expect(updated.config.description).toBe("first");
    expect(updated.state.messages).toBe(5);
  });

  it("refuses a storage change with a StreamConfigConflictError naming the field, and deletes nothing", async () => {
    const name = uniqueName("S");
    await ensureStream(env.nc, { name, subjects: [`${name}.>`], storage: "file" });
    await using publisher = new JetStreamPublisher(env.nc, jsonCodec<number>());
    await publisher.publish(`${name}.x`, 1);
    const error = await ensureStream(env.nc, { name, subjects: [`${name}.>`], storage: "memory" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamConfigConflictError);
    expect(error).toBeInstanceOf(ConfigError);
    const conflict = error as StreamConfigConflictError;
    expect(conflict.stream).toBe(name);
    expect(conflict.field).toBe("storage");
    expect(conflict.conflicts).toEqual([{ field: "storage", current: "file", requested: "memory" }]);
    expect(conflict.message).toMatch(/storage "file" -> "memory"/);
    expect(conflict.serverCode).toBe(10052);
    const info = await env.jsm.streams.info(name);
    expect(info.config.storage).toBe("file");
    expect(info.state.messages).toBe(1);
  });

  it("refuses a retention change with a conflict naming retention", async () => {
    const name = uniqueName("S");
    await ensureStream(env.nc, { name, subjects: [`${name}.>`] });
    const error = await ensureStream(env.nc, { name, subjects: [`${name}.>`], retention: "workqueue" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamConfigConflictError);
    expect((error as StreamConfigConflictError).conflicts.map((c) => c.field)).toEqual(["retention"]);
  });

  it("refuses subjects another stream captures, naming that stream", async () => {
    const owner = uniqueName("S");
    await ensureStream(env.nc, { name: owner, subjects: [`${owner}.>`] });
    const intruder = uniqueName("S");
    const error = await ensureStream(env.nc, { name: intruder, subjects: [`${owner}.orders`] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StreamConfigConflictError);
    const conflict = error as StreamConfigConflictError;
    expect(conflict.field).toBe("subjects");
    expect(conflict.serverCode).toBe(10065);
    expect(conflict.overlappingStreams).toEqual([owner]);
    expect(conflict.message).toMatch(new RegExp(`already captured by stream "${owner}"`));
  });

  it("rejects settings no server accepts before sending anything", async () => {
    await expect(ensureStream(env.nc, { name: "", subjects: ["x"] })).rejects.toBeInstanceOf(ConfigError);
    await expect(ensureStream(env.nc, { name: uniqueName("S"), subjects: [] })).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(
      ensureStream(env.nc, { name: uniqueName("S"), subjects: ["y.>"], maxAge: -1 }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});
