import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { connect } from "@nats-io/transport-node";
import { type NatsServer, serverBinary, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOrderFlow } from "../src/flow.js";

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL("..", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

/** Runs `src/main.ts` as `pnpm quickstart` does, with a bounded time. */
function quickstart(env: Record<string, string | undefined>) {
  const { NATS_URL: _, ...inherited } = process.env;
  return run(tsx, ["--conditions=@natsflux/source", "src/main.ts"], {
    cwd: exampleDir,
    env: { ...inherited, ...env },
    timeout: 60_000,
  });
}

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

  it("`pnpm quickstart` without NATS_URL starts and stops its own server and exits 0", async () => {
    const { stdout } = await quickstart({ NATS_SERVER_BIN: serverBinary() });
    expect(stdout).toContain("a local nats-server");
    expect(stdout).toMatch(/notifications ← Order\.Created/);
    expect(stdout).toMatch(/⇒ txn-/);
    expect(stdout).toContain("graph LR");
    expect(stdout).toContain("2 orders charged, 1 declined");
    const url = /at (nats:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(url).toBeDefined();
    // The server it started is gone again.
    await expect(connect({ servers: url, reconnect: false, timeout: 1000 })).rejects.toThrow();
  });

  it("`pnpm quickstart` with NATS_URL uses that server and leaves it running", async () => {
    const { stdout } = await quickstart({ NATS_URL: server.url });
    expect(stdout).toContain(`NATS: NATS_URL (${server.url})`);
    expect(stdout).toContain("2 orders charged, 1 declined");
    expect(server.running).toBe(true);
  });
});
