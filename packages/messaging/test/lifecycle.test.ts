import { jetstream } from "@nats-io/jetstream";
import { ClosedError, ConfigError } from "@natsflux/core";
import { gate } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import {
  createConnection,
  eventStreamConsumer,
  eventStreamPublisher,
  LifecycleError,
  Publisher,
  SetupError,
  silentLogger,
  withMaxDeliver,
  withRequestTimeout,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

const ctx = useServer();

describe("connection lifecycle", () => {
  it("starts once; a second start is an error", async () => {
    const conn = await ctx.service("once");
    await expect(conn.start()).rejects.toBeInstanceOf(LifecycleError);
    await expect(conn.start()).rejects.toThrow(/already started/);
  });

  it("publish before start, and after close, fail with typed errors", async () => {
    const pub = new Publisher<{ n: number }>();
    await expect(pub.publish("X.Y", { n: 1 })).rejects.toBeInstanceOf(LifecycleError);
    const conn = await ctx.service("closer", eventStreamPublisher(pub));
    await pub.publish("X.Y", { n: 1 });
    await conn.close();
    await conn.close(); // idempotent
    await expect(pub.publish("X.Y", { n: 2 })).rejects.toBeInstanceOf(ClosedError);
  });

  it("close() waits for in-flight handlers and their acks: nothing is redelivered", async () => {
    let finished = 0;
    let started = 0;
    const held = gate();
    const conn = await ctx.service(
      "graceful",
      eventStreamConsumer<{ n: number }>("Slow.Job", async () => {
        started++;
        await held.promise;
        finished++;
      }),
    );
    await jetstream(ctx.raw).publish("events.Slow.Job", JSON.stringify({ n: 1 }));
    await waitFor(() => started === 1);
    // The handler is let go only once close() has begun: close() must wait for it.
    const closing = conn.close();
    held.open();
    await closing;
    expect(finished).toBe(1);
    const info = await ctx.jsm.consumers.info("events", "graceful");
    expect(info.num_ack_pending).toBe(0);
    expect(info.ack_floor.stream_seq).toBeGreaterThan(0);
  });

  it("bad configuration fails start() with the setup and field named, and nothing is created", async () => {
    const conn = createConnection({ serviceName: "bad", servers: ctx.server.url, logger: silentLogger });
    const failure = await conn
      .start(eventStreamConsumer("Order.Created", () => {}, withMaxDeliver(-1)))
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SetupError);
    expect((failure as Error).message).toMatch(
      /eventStreamConsumer\("Order.Created"\): maxDeliver: must be a whole number >= 0, got -1/,
    );
    await expect(
      createConnection({ serviceName: "bad2", servers: ctx.server.url, logger: silentLogger }).start(
        withRequestTimeout(0),
      ),
    ).rejects.toThrow(
      /withRequestTimeout\(0\): requestTimeout: must be a finite number of milliseconds >= 1, got 0/,
    );
    expect(() => createConnection({ serviceName: "", servers: ctx.server.url })).toThrow(ConfigError);
    expect(() => createConnection({ serviceName: "x" })).toThrow(/NATS URL must not be empty/);
  });

  it("a connection failure is reported clearly", async () => {
    const conn = createConnection({
      serviceName: "nowhere",
      servers: "nats://127.0.0.1:1",
      logger: silentLogger,
      nats: { maxReconnectAttempts: 0 },
    });
    await expect(conn.start()).rejects.toThrow(/failed to connect to NATS/);
  });

  it("uses a caller-owned connection without closing it", async () => {
    const conn = createConnection({ serviceName: "borrower", connection: ctx.raw, logger: silentLogger });
    const pub = new Publisher<{ n: number }>();
    await conn.start(eventStreamPublisher(pub));
    await pub.publish("Borrowed.Conn", { n: 1 });
    await conn.close();
    expect(ctx.raw.isClosed()).toBe(false);
  });
});
