import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { type NatsServer, startServer, until } from "@natsflux/testing";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type Connection, createConnection, type Setup, silentLogger } from "../../src/index.js";

/** One real nats-server per test file, a raw client for assertions, and services that are closed after. */
export function useServer() {
  const state: {
    server: NatsServer;
    raw: NatsConnection;
    jsm: JetStreamManager;
    services: Connection[];
  } = {} as never;
  beforeAll(async () => {
    state.server = await startServer();
    state.raw = await connect({ servers: state.server.url });
    state.jsm = await jetstreamManager(state.raw);
    state.services = [];
  });
  // Each test's services stop with the test: a running service recreates consumers deleted under it,
  // which would leak into the next test after its streams are reset.
  afterEach(async () => {
    await Promise.allSettled(state.services.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await Promise.allSettled(state.services.map((s) => s.close()));
    await state.raw?.close();
    await state.server?.[Symbol.asyncDispose]();
  });
  return {
    get server() {
      return state.server;
    },
    get raw() {
      return state.raw;
    },
    get jsm() {
      return state.jsm;
    },
    /** Starts a service on the test server; it is closed when the file ends. */
    async service(serviceName: string, ...setups: Setup[]): Promise<Connection> {
      const conn = createConnection({ serviceName, servers: state.server.url, logger: silentLogger });
      state.services.push(conn);
      await conn.start(...setups);
      return conn;
    },
    /** Deletes every stream, so tests do not see each other's messages. */
    async reset(): Promise<void> {
      for await (const name of state.jsm.streams.names()) await state.jsm.streams.delete(name);
    },
  };
}

/** The harness's `until`, in this suite's argument order. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  await until(what, condition, { timeoutMs });
}
