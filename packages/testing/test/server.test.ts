import { existsSync } from "node:fs";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { type NatsServer, ServerStartError, serverVersion, startServer, uniqueName } from "../src/index.js";

async function createStreamWithMessage(server: NatsServer, stream: string): Promise<void> {
  const nc = await connect({ servers: server.url });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`${stream}.>`] });
    await jetstream(nc).publish(`${stream}.a`, "kept");
  } finally {
    await nc.close();
  }
}

async function expectStreamKept(server: NatsServer, stream: string): Promise<void> {
  const nc = await connect({ servers: server.url });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    expect(info.state.messages).toBe(1);
    const stored = await jsm.streams.getMessage(stream, { seq: 1 });
    expect(stored?.string()).toBe("kept");
  } finally {
    await nc.close();
  }
}

describe("startServer", () => {
  it("starts on a random loopback port and a client can pub/sub", async () => {
    await using server = await startServer();
    expect(server.port).not.toBe(4222);
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    expect(server.running).toBe(true);
    expect(server.pid).toBeTypeOf("number");
    expect(server.version).toBe(serverVersion());

    const nc = await connect({ servers: server.url });
    try {
      const subject = `${uniqueName("greet")}.x`;
      const sub = nc.subscribe(subject, { max: 1 });
      nc.publish(subject, "hi");
      const received: string[] = [];
      for await (const m of sub) received.push(m.string());
      expect(received).toEqual(["hi"]);
    } finally {
      await nc.close();
    }

    const varz = (await (await fetch(`${server.monitorUrl}/varz`)).json()) as Record<string, unknown>;
    expect(varz.server_name).toBe(server.name);
    expect(varz.port).toBe(server.port);
  });

  it("keeps the port and JetStream data across stop() and restart()", async () => {
    await using server = await startServer();
    const stream = uniqueName("restart");
    await createStreamWithMessage(server, stream);
    const { port, storeDir } = server;

    await server.stop();
    expect(server.running).toBe(false);
    expect(server.pid).toBeUndefined();
    expect(existsSync(storeDir)).toBe(true);

    await server.restart();
    expect(server.running).toBe(true);
    expect(server.port).toBe(port);
    await expectStreamKept(server, stream);
  });

  it("keeps JetStream data across kill() and restart(), and clients reconnect to the same url", async () => {
    await using server = await startServer();
    const stream = uniqueName("kill");
    await createStreamWithMessage(server, stream);
    const nc = await connect({ servers: server.url, reconnectTimeWait: 50, maxReconnectAttempts: -1 });
    try {
      const reconnected = (async () => {
        for await (const status of nc.status()) if (status.type === "reconnect") return status.server;
        return undefined;
      })();
      await server.kill();
      expect(server.running).toBe(false);
      await server.restart();
      expect(await reconnected).toContain(String(server.port));
      await nc.flush();
      await expectStreamKept(server, stream);
    } finally {
      await nc.close();
    }
  });

  it("stop() and kill() are idempotent, dispose deletes the store dir, restart after dispose rejects", async () => {
    const server = await startServer({ jetstream: false });
    await Promise.all([server.stop(), server.stop()]);
    await server.kill();
    await server.stop();
    await server[Symbol.asyncDispose]();
    await server[Symbol.asyncDispose]();
    expect(existsSync(server.storeDir)).toBe(false);
    await expect(server.restart()).rejects.toThrow(/disposed/);
  });

  it("runs without JetStream when asked", async () => {
    await using server = await startServer({ jetstream: false, name: uniqueName("plain") });
    const varz = (await (await fetch(`${server.monitorUrl}/varz`)).json()) as Record<string, unknown>;
    expect(varz.server_name).toBe(server.name);
    const nc = await connect({ servers: server.url });
    try {
      await expect(jetstreamManager(nc)).rejects.toThrow();
    } finally {
      await nc.close();
    }
  });

  it("merges caller config into the generated config (authorization)", async () => {
    await using server = await startServer({
      jetstream: false,
      config: 'authorization { users: [ { user: "alice", password: "s3cret" } ] }',
    });
    await expect(connect({ servers: server.url, maxReconnectAttempts: 0 })).rejects.toThrow();
    const nc = await connect({ servers: server.url, user: "alice", pass: "s3cret" });
    await nc.close();
  });

  it("lets caller config replace the jetstream block and keep the store dir", async () => {
    await using server = await startServer({
      config: "jetstream { store_dir: $NATSFLUX_STORE_DIR, max_memory_store: 64MB }",
    });
    const jsz = (await (await fetch(`${server.monitorUrl}/jsz`)).json()) as {
      config: { max_memory: number; store_dir: string };
    };
    expect(jsz.config.max_memory).toBe(64 * 1024 * 1024);
    expect(jsz.config.store_dir.startsWith(server.storeDir)).toBe(true);
  });

  it("fails with the server's log when the config is invalid", async () => {
    const failure = await startServer({ jetstream: false, config: "this is { not valid" }).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ServerStartError);
    const error = failure as ServerStartError;
    expect(error.message).toMatch(/exited/);
    expect(error.logTail).not.toBe("");
    expect(error.message).toContain(error.logTail);
  });
});
