import { fileURLToPath } from "node:url";
import { connect } from "@nats-io/transport-node";
import { type NatsServer, serverBinary, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_BOUND_MS, runExample, TEST_TIMEOUT_MS } from "../../run-example.js";
import { runOrderFlow } from "../src/flow.js";

const exampleDir = fileURLToPath(new URL("..", import.meta.url));

let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.[Symbol.asyncDispose]();
});

describe("order-service example", () => {
  it("charges, declines, delivers every event to both consumers and draws the topology", async () => {
    const lines: string[] = [];
    const result = await runOrderFlow({ servers: server.url, log: (l) => lines.push(l), timeoutMs: 5000 });
    expect(result.receipts.map((r) => r.chargedCents)).toEqual([4200, 1999]);
    expect(result.declined).toHaveLength(1);
    expect(result.notified).toHaveLength(3);
    expect(result.dashboard).toHaveLength(3);
    expect(lines.some((l) => l.includes("RemoteError: card declined"))).toBe(true);
    expect(lines.some((l) => l.includes("[billing error] request handler failed"))).toBe(true);
    expect(result.diagram.split("\n")[0]).toBe("graph LR");
    expect(result.diagram).toContain('events -->|"Order.*"| notifications');
    expect(result.diagram).toContain("order_service --> events");
  });

  it("a second run against the same server only counts its own events", async () => {
    const result = await runOrderFlow({ servers: server.url, log: () => {}, amounts: [100] });
    expect(result.notified).toHaveLength(1);
    expect(result.dashboard).toHaveLength(1);
  });

  it(
    "`pnpm quickstart` (start:local) without NATS_URL starts and stops its own server and exits 0",
    async () => {
      const { code, output } = await runExample(exampleDir, EXAMPLE_BOUND_MS, {
        script: "start:local",
        env: { NATS_SERVER_BIN: serverBinary() },
      });
      expect(code, output).toBe(0);
      expect(output).toContain("started a local nats-server");
      expect(output).toMatch(/notifications ← Order\.Created/);
      expect(output).toMatch(/⇒ txn-/);
      expect(output).toContain("graph LR");
      expect(output).toContain("2 orders charged, 1 declined");
      const url = /at (nats:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(url).toBeDefined();
      expect(output).toContain(`NATS: ${url}`); // the example got the runner's server as NATS_URL
      // The server it started is gone again.
      await expect(connect({ servers: url, reconnect: false, timeout: 1000 })).rejects.toThrow();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "`npm start` with NATS_URL uses that server, leaves it running and exits 0",
    async () => {
      const { code, output } = await runExample(exampleDir, EXAMPLE_BOUND_MS, {
        env: { NATS_URL: server.url },
      });
      expect(code, output).toBe(0);
      expect(output).toContain(`NATS: ${server.url}`);
      expect(output).toContain("2 orders charged, 1 declined");
      expect(server.running).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "`start:local` with NATS_URL uses that server instead of starting one",
    async () => {
      const { code, output } = await runExample(exampleDir, EXAMPLE_BOUND_MS, {
        script: "start:local",
        env: { NATS_URL: server.url },
      });
      expect(code, output).toBe(0);
      expect(output).not.toContain("started a local nats-server");
      expect(output).toContain(`NATS: ${server.url}`);
    },
    TEST_TIMEOUT_MS,
  );
});
