import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { jetstream } from "@nats-io/jetstream";
import { ClosedError } from "@natsflux/core";
import { until } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import {
  type Connection,
  createConnection,
  eventStreamConsumer,
  LifecycleError,
  type Logger,
  Publisher,
  requestResponseHandler,
  servicePublisher,
  silentLogger,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

// Issue 15: close() is bounded by drainTimeout (+ the 500 ms stop grace) even when a handler never finishes,
// close() during start() cancels the start and leaves nothing running, a throwing logger cannot eat an error
// reply, and a failed connect to a silent peer leaves no socket behind.
const ctx = useServer();
const drainTimeout = 1000;
const bound = drainTimeout + 1000;

function service(serviceName: string, extra: { logger?: Logger; drainTimeout?: number } = {}): Connection {
  return createConnection({
    serviceName,
    servers: ctx.server.url,
    logger: silentLogger,
    drainTimeout,
    ...extra,
  });
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** Connections the server has from clients named `name` (the facade names its connection after the service). */
async function connectionsNamed(name: string): Promise<number> {
  const connz = (await (await fetch(`${ctx.server.monitorUrl}/connz`)).json()) as {
    connections?: Array<{ name?: string }>;
  };
  return (connz.connections ?? []).filter((c) => c.name === name).length;
}

/** Polls connz until the server has no connection named `name` (it notices a closed socket asynchronously). */
async function noConnectionNamed(name: string): Promise<void> {
  await until(
    `the server to drop the connection named ${name}`,
    async () => (await connectionsNamed(name)) === 0,
    {
      intervalMs: 20,
    },
  );
}

describe("bounded close", () => {
  it("an event handler that never finishes: close() returns within drainTimeout + 1 s and aborts its signal", async () => {
    const signals: AbortSignal[] = [];
    const conn = service("hung-consumer");
    await conn.start(
      eventStreamConsumer<{ n: number }>("Hung.Job", (_event, { signal }) => {
        signals.push(signal);
        return new Promise<never>(() => {});
      }),
    );
    await jetstream(ctx.raw).publish("events.Hung.Job", JSON.stringify({ n: 1 }));
    await waitFor(() => signals.length === 1, 5000, "the handler started");
    const took = await timed(() => conn.close());
    expect(took).toBeLessThan(bound);
    expect(signals[0]?.aborted).toBe(true);
    await noConnectionNamed("hung-consumer");
  });

  it("a request handler that never finishes: close() is bounded and aborts its signal", async () => {
    const signals: AbortSignal[] = [];
    const responder = service("hung-responder");
    await responder.start(
      requestResponseHandler<{ n: number }, { n: number }>("Stuck", (_event, { signal }) => {
        signals.push(signal);
        return new Promise<never>(() => {});
      }),
    );
    const caller = new Publisher<{ n: number }, { n: number }>();
    const callerConn = service("hung-caller");
    await callerConn.start(servicePublisher("hung-responder", caller));
    const pending = caller.publish("Stuck", { n: 1 }).catch((error: unknown) => error);
    await waitFor(() => signals.length === 1, 5000, "the request reached the handler");
    const took = await timed(() => responder.close());
    expect(took).toBeLessThan(bound);
    expect(signals[0]?.aborted).toBe(true);
    // The caller's request is still waiting (30 s default timeout): closing its service releases it at once.
    const released = await timed(() => callerConn.close());
    expect(released).toBeLessThan(bound);
    expect(await pending).toBeInstanceOf(ClosedError);
  });
});

describe("close() during start()", () => {
  it("cancels the start: start() rejects with ClosedError, nothing consumes, the connection is gone", async () => {
    const handled: number[] = [];
    const conn = service("cancelled");
    const starting = conn.start(
      eventStreamConsumer<{ n: number }>("Cancelled.Job", (event) => {
        handled.push(event.payload.n);
      }),
    );
    const closing = conn.close();
    expect(conn.close()).toBe(closing);
    const outcome = await starting.catch((error: unknown) => error);
    await closing;
    expect(outcome).toBeInstanceOf(ClosedError);
    expect(conn.subscriptions).toEqual([]);
    await noConnectionNamed("cancelled");
    await expect(conn.start()).rejects.toBeInstanceOf(LifecycleError);
    await expect(conn.start()).rejects.toThrow(/closed/);
  });

  it("cancelled at every point of the start, nothing keeps consuming", async () => {
    // Close after a growing number of event-loop turns, so the cancel lands in different start steps.
    for (const turns of [1, 5, 20, 50, 100]) {
      const name = `cancel-${turns}`;
      const conn = service(name);
      const starting = conn.start(eventStreamConsumer<{ n: number }>("Late.Job", () => {}));
      for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
      await conn.close();
      const outcome = await starting.then(
        () => "started",
        (error: unknown) => error,
      );
      // Either the start finished before close() (then close() closed it) or it was cancelled.
      if (outcome !== "started") expect(outcome).toBeInstanceOf(ClosedError);
      expect(conn.subscriptions).toEqual([]);
      await noConnectionNamed(name);
    }
    // No consumer of the cancelled services still has a pull waiting on the server.
    for await (const info of ctx.jsm.consumers.list("events")) {
      if (info.name.startsWith("cancel-")) expect(info.num_waiting).toBe(0);
    }
  });

  it("a process that closes during start() exits on its own", async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const script = join(here, "fixtures", "close-during-start.ts");
    // tsx runs the fixture from source; it is resolved from transport-nats, which depends on it.
    const child = spawn(process.execPath, ["--conditions=@natsflux/source", "--import", "tsx", script], {
      cwd: join(here, "..", "..", "transport-nats"),
      env: { ...process.env, NATS_URL: ctx.server.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let lastLineAt = 0;
    child.stdout.on("data", (chunk) => {
      output += String(chunk);
      if (output.includes("done")) lastLineAt = performance.now();
    });
    child.stderr.on("data", (chunk) => {
      output += String(chunk);
    });
    const exited = once(child, "exit");
    // Generous: tsx compiles the sources first, which takes seconds on a loaded machine.
    const timer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    const [code, signal] = (await exited) as [number | null, string | null];
    clearTimeout(timer);
    expect({ code, signal, output }).toMatchObject({ code: 0, signal: null });
    expect(output).toContain("start rejected: ClosedError");
    expect(output).toContain("done");
    // Nothing kept the event loop busy once the script's last line ran (tsx start-up is what takes seconds).
    expect(performance.now() - lastLineAt).toBeLessThan(2000);
  }, 60_000);
});

describe("a logger that throws", () => {
  it("does not keep the error reply of a failing request handler from the caller", async () => {
    const throwing: Logger = {
      debug: () => {},
      info: () => {},
      warn: () => {
        throw new Error("log sink down");
      },
      error: () => {
        throw new Error("log sink down");
      },
    };
    const stderr = console.error;
    console.error = () => {};
    try {
      const responder = service("log-throws", { logger: throwing });
      await responder.start(
        requestResponseHandler<{ n: number }, { n: number }>("Fails", () => {
          throw new Error("handler failed");
        }),
      );
      const caller = new Publisher<{ n: number }, { n: number }>();
      const callerConn = service("log-throws-caller");
      await callerConn.start(servicePublisher("log-throws", caller));
      const started = performance.now();
      const failure = await caller.publish("Fails", { n: 1 }).catch((error: unknown) => error);
      expect(performance.now() - started).toBeLessThan(2000);
      expect((failure as Error).message).toContain("handler failed");
      await callerConn.close();
      await responder.close();
    } finally {
      console.error = stderr;
    }
  });
});

describe("a peer that accepts TCP but never speaks", () => {
  it("start() fails and no socket is left open", async () => {
    const accepted: Socket[] = [];
    const closed: Socket[] = [];
    const silent: Server = createServer((socket) => {
      accepted.push(socket);
      socket.on("close", () => closed.push(socket));
    });
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    const { port } = silent.address() as { port: number };
    try {
      const conn = createConnection({
        serviceName: "silent-peer",
        servers: `nats://127.0.0.1:${port}`,
        logger: silentLogger,
        nats: { timeout: 500 },
      });
      await expect(conn.start()).rejects.toBeInstanceOf(LifecycleError);
      expect(accepted.length).toBeGreaterThan(0);
      // The client's side of every accepted socket was destroyed, so the server sees them close.
      await waitFor(() => closed.length === accepted.length, 5000, "the client sockets closed");
    } finally {
      silent.close();
    }
  });

  it("close() during a connect to it returns at once and leaves no socket open", async () => {
    const accepted: Socket[] = [];
    const closed: Socket[] = [];
    const silent: Server = createServer((socket) => {
      accepted.push(socket);
      socket.on("close", () => closed.push(socket));
    });
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    const { port } = silent.address() as { port: number };
    try {
      const conn = createConnection({
        serviceName: "silent-peer-2",
        servers: `nats://127.0.0.1:${port}`,
        logger: silentLogger,
        nats: { timeout: 20_000 },
      });
      const starting = conn.start().catch((error: unknown) => error);
      await waitFor(() => accepted.length === 1, 5000, "the client connected");
      const took = await timed(() => conn.close());
      expect(took).toBeLessThan(500);
      expect(await starting).toBeInstanceOf(ClosedError);
      await waitFor(() => closed.length === 1, 5000, "the client socket closed");
    } finally {
      silent.close();
    }
  });
});
