import { describe, expect, it } from "vitest";
import { natsClientOptions } from "../src/client-options.js";
import { createConnection, noopMetrics, silentLogger } from "../src/index.js";
import { useServer } from "./support/server.js";

describe("natsClientOptions (connections natsflux opens)", () => {
  it("names the client after the service, reconnects forever and skips nats.js's per-request stack traces", () => {
    expect(natsClientOptions({ serviceName: "orders", servers: "nats://127.0.0.1:1" })).toEqual({
      name: "orders",
      servers: "nats://127.0.0.1:1",
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      noAsyncTraces: true,
    });
  });

  it("passes `servers` and the `nats` options, the caller's winning, and none of natsflux's own", () => {
    const options = natsClientOptions({
      serviceName: "orders",
      servers: ["nats://127.0.0.1:1"],
      nats: { name: "orders-eu-1", noAsyncTraces: false, maxReconnectAttempts: 3, user: "u", pass: "p" },
      logger: silentLogger,
      logLevel: "debug",
      requestTimeout: 5,
      drainTimeout: 5,
      streamDefaults: { maxAge: 1 },
      streams: { a: {} },
      consumerDefaults: { maxDeliver: 1 },
      onStatus: () => {},
      onError: () => {},
      onNotification: () => {},
      metrics: noopMetrics,
      spanNameFn: () => "",
      publishSpanNameFn: () => "",
      consumerTraceMode: "link",
    });
    expect(options).toEqual({
      name: "orders-eu-1",
      servers: ["nats://127.0.0.1:1"],
      maxReconnectAttempts: 3,
      reconnectTimeWait: 1000,
      noAsyncTraces: false,
      user: "u",
      pass: "p",
    });
  });
});

describe("the nats.js options reach the server", () => {
  const ctx = useServer();

  /** Polls the server's monitoring endpoint until it lists a client named `name`. */
  async function untilClientNamed(name: string): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const connz = (await (await fetch(`${ctx.server.monitorUrl}/connz`)).json()) as {
        connections?: { name?: string }[];
      };
      if ((connz.connections ?? []).some((c) => c.name === name)) return;
      if (Date.now() > deadline) throw new Error(`the server lists no client named ${JSON.stringify(name)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("the connection is named after the service, or by `nats.name`", async () => {
    const plain = createConnection({
      serviceName: "plain-svc",
      servers: ctx.server.url,
      logger: silentLogger,
    });
    const named = createConnection({
      serviceName: "named-svc",
      servers: ctx.server.url,
      logger: silentLogger,
      nats: { name: "billing-eu-1" },
    });
    try {
      await Promise.all([plain.start(), named.start()]);
      await untilClientNamed("plain-svc");
      await untilClientNamed("billing-eu-1");
    } finally {
      await Promise.all([plain.close(), named.close()]);
    }
  });
});
