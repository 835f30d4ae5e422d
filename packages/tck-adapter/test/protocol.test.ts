import { randomUUID } from "node:crypto";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, headers as natsHeaders } from "@nats-io/transport-node";
import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AdapterProcess } from "./support/adapter-process.js";
import type { ReceivedWire } from "./support/rpc-client.js";

// The adapter as a subprocess, driven over stdin and fd 3 the way the Go runner drives it, against a
// real nats-server. No Go needed.

let server: NatsServer;
let nc: NatsConnection;
let jsm: JetStreamManager;
let js: JetStreamClient;
const processes: AdapterProcess[] = [];

beforeAll(async () => {
  server = await startServer();
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  js = jetstream(nc);
});

afterEach(async () => {
  await Promise.all(processes.splice(0).map((p) => p.kill()));
  for await (const name of jsm.streams.names()) await jsm.streams.delete(name);
});

afterAll(async () => {
  await nc?.close();
  await server?.[Symbol.asyncDispose]();
});

function adapter(env: NodeJS.ProcessEnv = { NATS_URL: server.url }): AdapterProcess {
  const p = AdapterProcess.start(env);
  processes.push(p);
  return p;
}

function suffix(): string {
  return randomUUID().slice(0, 8);
}

async function consumers(stream: string) {
  const found = [];
  for await (const info of jsm.consumers.list(stream)) found.push(info.config);
  return found;
}

describe("TCK protocol over stdin and fd 3", () => {
  it("hello reports protocol 1, transport nats and the NATS_URL it was given", async () => {
    const { client } = adapter();
    const reply = await client.call("hello", { protocolVersion: 1 });
    expect(reply).toEqual({
      id: 1,
      result: { protocolVersion: 1, transportKey: "nats", brokerConfig: { natsURL: server.url } },
    });
  });

  it("runs a service lifecycle: start, publish, received, close, shutdown", async () => {
    const p = adapter();
    const { client } = p;
    const orders = `orders-${suffix()}`;
    const billing = `billing-${suffix()}`;
    await client.ok("hello", { protocolVersion: 1 });

    const started = await client.ok("start_service", {
      serviceName: billing,
      intents: [
        { pattern: "event-stream", direction: "consume", routingKey: "Order.Created" },
        { pattern: "event-stream", direction: "consume", routingKey: "Order.*", queueSuffix: "audit" },
      ],
    });
    expect(started.publisherKeys).toEqual([]);
    expect(started.topology).toEqual({
      transport: "nats",
      serviceName: billing,
      endpoints: [
        expect.objectContaining({
          direction: "consume",
          exchangeName: "events",
          queueName: billing,
          routingKey: "Order.Created",
        }),
        expect.objectContaining({ queueName: `${billing}-audit`, routingKey: "Order.*" }),
      ],
    });
    // start_service returns only after the stream and the durables exist.
    expect(
      (await consumers("events")).map((c) => [c.durable_name, c.filter_subject, c.ack_policy]).sort(),
    ).toEqual([
      [billing, "events.Order.Created", "explicit"],
      [`${billing}-audit`, "events.Order.*", "explicit"],
    ]);

    const publisher = await client.ok("start_service", {
      serviceName: orders,
      intents: [{ pattern: "event-stream", direction: "publish" }],
    });
    expect(publisher.publisherKeys).toEqual(["event-stream"]);

    const payload = { orderId: "o-1", nested: { list: [1, 2.5] }, _tckNonce: "n-1" };
    expect(
      await client.call("publish", {
        serviceName: orders,
        publisherKey: "event-stream",
        routingKey: "Order.Created",
        payload,
        headers: { "x-priority": "high", "X-Delay-Until": "2026-03-01T00:00:00Z" },
      }),
    ).toEqual({ id: 4, result: {} });

    const messages = await client.received(billing, 2);
    expect(messages).toHaveLength(2);
    const byDestination = new Map(messages.map((m) => [m.deliveryInfo.Destination, m]));
    const message = byDestination.get(billing) as ReceivedWire;
    expect(byDestination.has(`${billing}-audit`)).toBe(true);
    expect(message.routingKey).toBe("Order.Created");
    expect(message.payload).toEqual(payload);
    expect(message.metadata).toMatchObject({
      type: "Order.Created",
      source: orders,
      specVersion: "1.0",
      dataContentType: "application/json",
    });
    expect(message.metadata.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(message.metadata.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(message.deliveryInfo.Source).toBe("events");
    expect(message.deliveryInfo.Key).toBe("Order.Created");
    expect(message.deliveryInfo.Headers).toMatchObject({
      "x-priority": "high",
      "X-Delay-Until": "2026-03-01T00:00:00Z",
      service: orders,
      "ce-type": "Order.Created",
      "ce-source": orders,
      "ce-specversion": "1.0",
    });
    // The payload is a JSON value on the wire, not a string.
    expect(client.lines.at(-1)).toContain(
      '"payload":{"orderId":"o-1","nested":{"list":[1,2.5]},"_tckNonce":"n-1"}',
    );

    expect(await client.call("close_service", { serviceName: billing })).toEqual({
      id: expect.any(Number),
      result: {},
    });
    expect((await client.call("received", { serviceName: billing })).error).toEqual({
      code: -1,
      message: `unknown service: ${billing}`,
    });

    const shutdown = await client.call("shutdown", {});
    expect(shutdown.result).toEqual({});
    expect(await p.exited).toEqual({ code: 0, signal: null });
  });

  it("serves request-response: the request reaches the handler, the caller gets the reply", async () => {
    const { client } = adapter();
    const email = `email-svc-${suffix()}`;
    const web = `web-app-${suffix()}`;
    await client.ok("start_service", {
      serviceName: email,
      intents: [{ pattern: "service-request", direction: "consume", routingKey: "email.send" }],
    });
    const started = await client.ok("start_service", {
      serviceName: web,
      intents: [
        { pattern: "service-request", direction: "publish", targetService: email },
        { pattern: "service-response", direction: "consume", targetService: email, routingKey: "email.send" },
        { pattern: "service-response", direction: "publish", targetService: email },
      ],
    });
    expect(started.publisherKeys).toEqual([`service-request:${email}`, `service-response:${email}`]);
    expect((started.topology as { endpoints: unknown[] }).endpoints).toHaveLength(2);

    await client.ok("publish", {
      serviceName: web,
      publisherKey: `service-request:${email}`,
      routingKey: "email.send",
      payload: { to: "a@example.com", _tckNonce: "n-2" },
    });
    // Blocks until the reply, so the request is already recorded.
    const [request] = await client.received(email, 1);
    expect(request?.payload).toEqual({ to: "a@example.com", _tckNonce: "n-2" });
    expect(request?.metadata).toMatchObject({ type: "email.send", source: web });
    expect(request?.deliveryInfo).toMatchObject({ Key: "email.send" });

    // service-response publish is a no-op on NATS.
    expect(
      await client.ok("publish", {
        serviceName: web,
        publisherKey: `service-response:${email}`,
        routingKey: "email.send",
        payload: {},
      }),
    ).toEqual({});
    // No streams for service patterns.
    expect(await jsm.streams.names().next()).toEqual([]);
  });

  it("captures raw inbound messages like the TCK's probe, leaving out a missing or invalid timestamp", async () => {
    const { client } = adapter();
    const live = `live-view-${suffix()}`;
    const started = await client.ok("start_service", {
      serviceName: live,
      intents: [
        {
          pattern: "custom-stream",
          direction: "consume",
          exchange: "telemetry",
          routingKey: "Metric.*",
          ephemeral: true,
        },
      ],
    });
    expect((started.topology as { endpoints: unknown[] }).endpoints).toEqual([
      expect.objectContaining({ pattern: "custom-stream", exchangeName: "telemetry", ephemeral: true }),
    ]);
    const ephemeral = await consumers("telemetry");
    expect(ephemeral.map((c) => [c.durable_name, c.filter_subject])).toEqual([
      [undefined, "telemetry.Metric.*"],
    ]);

    const publish = async (time: string | undefined, value: string) => {
      const h = natsHeaders();
      h.set("ce-type", "Metric.Recorded");
      h.set("ce-source", "tck-probe");
      h.set("ce-specversion", "1.0");
      h.set("ce-id", randomUUID());
      if (time !== undefined) h.set("ce-time", time);
      await js.publish("telemetry.Metric.Recorded", `{ "value": ${value} }`, { headers: h });
    };
    await publish(undefined, "1");
    await publish("not a time", "12345678901234567890");
    await publish("2026-03-05T14:30:00Z", "72.50");

    const messages = await client.received(live, 3);
    expect(messages.map((m) => m.payload)).toEqual([
      { value: 1 },
      { value: 12345678901234567000 },
      { value: 72.5 },
    ]);
    // The payload text reaches the runner as it was on the wire: every digit, compacted onto one line.
    const line = client.lines.at(-1) as string;
    expect(line).toContain('"payload":{"value":12345678901234567890}');
    expect(line).toContain('"payload":{"value":72.50}');
    // An invalid ce-time is left out ("" would break Go's time.Time); a missing one may be enriched.
    const [missing, invalid, valid] = messages.map((m) => m.metadata.timestamp);
    expect(missing === undefined || /^\d{4}-\d{2}-\d{2}T[\d:]{8}(\.\d+)?Z$/.test(missing)).toBe(true);
    expect(invalid).toBeUndefined();
    expect(valid).toBe("2026-03-05T14:30:00Z");
    expect(messages[0]?.deliveryInfo).toMatchObject({
      Destination: "",
      Source: "telemetry",
      Key: "Metric.Recorded",
    });
    expect(line).not.toContain('"timestamp":""');
  });

  it("answers every failure with the protocol's error shape and keeps serving", async () => {
    const { client } = adapter();
    expect(await client.call("launch", {})).toEqual({
      id: 1,
      error: { code: -1, message: "unknown method: launch" },
    });
    client.sendRaw("{not json");
    expect((await client.reply(0)).error?.message).toMatch(/^invalid request JSON: /);
    expect(
      await client.call("publish", {
        serviceName: "ghost",
        publisherKey: "event-stream",
        routingKey: "A.B",
        payload: {},
      }),
    ).toEqual({
      id: 2,
      error: { code: -1, message: "unknown service: ghost" },
    });
    const unsupported = await client.call("start_service", {
      serviceName: `sender-${suffix()}`,
      intents: [{ pattern: "queue-publish", direction: "publish", destinationQueue: "q" }],
    });
    expect(unsupported.error).toEqual({
      code: -1,
      message: "start_service failed: unsupported intent: pattern=queue-publish direction=publish",
    });
    const orders = `orders-${suffix()}`;
    await client.ok("start_service", {
      serviceName: orders,
      intents: [{ pattern: "event-stream", direction: "publish" }],
    });
    expect(
      (
        await client.call("publish", {
          serviceName: orders,
          publisherKey: "custom-stream:audit",
          routingKey: "A.B",
          payload: {},
        })
      ).error,
    ).toEqual({ code: -1, message: "publish failed: unknown publisher key: custom-stream:audit" });
    expect((await client.call("start_service", { serviceName: orders, intents: [] })).error?.message).toBe(
      `service already started: ${orders}`,
    );
    expect(await client.call("hello", { protocolVersion: 1 })).toMatchObject({
      result: { protocolVersion: 1 },
    });
    // One line per request, ids in order.
    expect(client.lines.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual([1, 0, 2, 3, 4, 5, 6, 7]);
  });

  it("says so in hello when NATS_URL is missing", async () => {
    const { client } = adapter({ NATS_URL: "" });
    expect(await client.call("hello", { protocolVersion: 1 })).toEqual({
      id: 1,
      error: { code: -1, message: "NATS_URL environment variable is required" },
    });
    expect((await client.call("hello", { protocolVersion: 2 })).error?.message).toBe(
      "unsupported protocol version 2 (this adapter speaks 1)",
    );
  });

  it("closes its services and exits when stdin ends", async () => {
    const p = adapter();
    const svc = `notifications-${suffix()}`;
    await p.client.ok("start_service", {
      serviceName: svc,
      intents: [{ pattern: "event-stream", direction: "consume", routingKey: "Order.Created" }],
    });
    p.closeStdin();
    expect(await p.exited).toEqual({ code: 0, signal: null });
    expect(p.stderr).toContain("stdin closed");
  });

  it("refuses to run without a response pipe on fd 3", async () => {
    const p = AdapterProcess.start({ NATS_URL: server.url }, { responsePipe: false });
    processes.push(p);
    expect(await p.exited).toEqual({ code: 2, signal: null });
    expect(p.stderr).toContain("file descriptor 3 is not open");
  });
});
