import { PassThrough } from "node:stream";
import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "../src/serve.js";
import { TckAdapter } from "../src/tck-adapter.js";
import { RpcClient } from "./support/rpc-client.js";

// serve() in process: the line protocol without a subprocess.

let server: NatsServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.[Symbol.asyncDispose]();
});

function inProcess(natsUrl: string | undefined = server.url) {
  const input = new PassThrough();
  const adapter = new TckAdapter({ natsUrl, logLevel: "silent" });
  const client = new RpcClient((line) => input.write(`${line}\n`));
  const logged: string[] = [];
  const done = serve({
    input,
    writeLine: (line) => client.receive(line),
    adapter,
    log: (m) => logged.push(m),
  });
  return { input, adapter, client, done, logged };
}

describe("serve", () => {
  it("answers requests in order, one line each, skipping blank lines", async () => {
    const { input, client, done } = inProcess();
    input.write("\n   \n");
    const replies = await Promise.all([
      client.call("hello", { protocolVersion: 1 }),
      client.call("received", { serviceName: "nobody" }),
      client.call("hello", { protocolVersion: 1 }),
    ]);
    expect(replies.map((r) => r.id)).toEqual([1, 2, 3]);
    expect(client.lines).toHaveLength(3);
    expect(client.lines[1]).toBe('{"id":2,"error":{"code":-1,"message":"unknown service: nobody"}}');
    expect(await client.call("shutdown")).toEqual({ id: 4, result: {} });
    expect(await done).toBe("shutdown");
  });

  it("answers a line without a usable id with id 0, and one with an id but no method with that id", async () => {
    const { input, client } = inProcess();
    client.sendRaw("[1,2]");
    expect((await client.reply(0)).error?.message).toBe("invalid request JSON: not an object");
    client.sendRaw('{"id":41}');
    expect((await client.reply(41)).error?.message).toBe("invalid request JSON: method must be a string");
    input.end();
  });

  it("closes every service when the input ends", async () => {
    const { input, adapter, client, done, logged } = inProcess();
    await client.ok("start_service", {
      serviceName: "orders_eof",
      intents: [{ pattern: "event-stream", direction: "publish" }],
    });
    expect(adapter.services).toEqual(["orders_eof"]);
    input.end();
    expect(await done).toBe("eof");
    expect(adapter.services).toEqual([]);
    expect(logged).toEqual([]);
  });

  it("logs failed requests for the runner's -v output", async () => {
    const { input, client, logged } = inProcess("");
    await client.call("hello", { protocolVersion: 1 });
    expect(logged).toEqual(["hello (id 1) failed: NATS_URL environment variable is required"]);
    input.end();
  });
});
