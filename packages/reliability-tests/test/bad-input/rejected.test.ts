import { ConfigError, NatsfluxError, PublishError, RequestError } from "@natsflux/core";
import {
  addConsumerNameSuffix,
  type Connection,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  requestResponseHandler,
  type Setup,
  SetupError,
  servicePublisher,
  serviceRequestConsumer,
  streamConsumer,
  streamPublisher,
  transientEventStreamConsumer,
  withStreamConfig,
} from "@natsflux/messaging";
import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade } from "../support/helpers.js";

// What a caller gets wrong: each is refused with a typed error before anything reaches the broker (or, for an
// oversized payload, by the size check), and the connection stays usable.

const MAX_PAYLOAD = 4096;
let server: NatsServer;
const open: Connection[] = [];

beforeAll(async () => {
  server = await startServer({ config: `max_payload: ${MAX_PAYLOAD}` });
});

afterAll(async () => {
  await Promise.allSettled(open.map((c) => c.close()));
  await server?.[Symbol.asyncDispose]();
});

async function start(serviceName: string, ...setups: Setup[]): Promise<Connection> {
  const conn = facade({ serviceName, servers: server.url, logger: captureLogger() });
  open.push(conn);
  await conn.start(...setups);
  return conn;
}

async function startFails(serviceName: string, ...setups: Setup[]): Promise<unknown> {
  const conn = facade({ serviceName, servers: server.url, logger: captureLogger() });
  return conn.start(...setups).then(
    () => {
      open.push(conn);
      throw new Error(`start() of ${serviceName} was expected to fail`);
    },
    (error: unknown) => error,
  );
}

describe("payload larger than the server's max_payload", () => {
  it("an event publish fails with a PublishError naming the subject and max_payload; the publisher keeps working", async () => {
    const pub = new Publisher<{ blob: string }>();
    await start("big-pub", eventStreamPublisher(pub));
    const error = await pub
      .publish("Big.Payload", { blob: "x".repeat(2 * MAX_PAYLOAD) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(error).toMatchObject({ subject: "events.Big.Payload" });
    expect((error as Error).message).toMatch(/max_payload/);
    await expect(pub.publish("Big.Payload", { blob: "small" })).resolves.toBeUndefined();
  });

  it("a service request fails with a RequestError; the requester keeps working", async () => {
    const pub = new Publisher<{ blob: string }, { ok: boolean }>();
    await start(
      "big-svc",
      requestResponseHandler<{ blob: string }, { ok: boolean }>("Echo", () => ({ ok: true })),
      servicePublisher("big-svc", pub),
    );
    const error = await pub.publish("Echo", { blob: "x".repeat(2 * MAX_PAYLOAD) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect((error as Error).message).toMatch(/max_payload/);
    await expect(pub.publish("Echo", { blob: "small" })).resolves.toEqual({ ok: true });
  });
});

describe("invalid names are refused at start() with the setup and the name in the error", () => {
  const cases: Array<[string, string, () => Setup[]]> = [
    ["stream name with a '.'", "bad-stream", () => [streamPublisher("orders.eu", new Publisher())]],
    ["stream name with a wildcard", "bad-stream2", () => [streamConsumer("ord*", "A", () => {})]],
    ["stream name with whitespace", "bad-stream3", () => [withStreamConfig("my stream", { maxAge: 1000 })]],
    ["routing key with an empty token", "bad-key", () => [eventStreamConsumer("Order..Created", () => {})]],
    ["routing key with '>'", "bad-key2", () => [eventStreamConsumer("Order.>", () => {})]],
    ["routing key with '#' inside", "bad-key3", () => [eventStreamConsumer("Order.#.Created", () => {})]],
    [
      "routing key with whitespace",
      "bad-key4",
      () => [transientEventStreamConsumer("Order Created", () => {})],
    ],
    ["service routing key with '#'", "bad-key5", () => [serviceRequestConsumer("Order.#", () => {})]],
    [
      "durable suffix with a '.'",
      "bad-durable",
      () => [eventStreamConsumer("A", () => {}, addConsumerNameSuffix("x.y"))],
    ],
    [
      "empty durable suffix",
      "bad-durable2",
      () => [eventStreamConsumer("A", () => {}, addConsumerNameSuffix(""))],
    ],
    ["service name that is not a valid durable", "bad.service", () => [eventStreamConsumer("A", () => {})]],
  ];
  for (const [what, service, setups] of cases) {
    it(what, async () => {
      const error = await startFails(service, ...setups());
      expect(error).toBeInstanceOf(SetupError);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as SetupError).setup).toMatch(/\(/);
    });
  }

  it("nothing was created on the server by the refused setups", async () => {
    const pub = new Publisher<{ n: number }>();
    await start("names-ok", eventStreamPublisher(pub));
    const error = await startFails("bad-stream-check", streamPublisher("orders.eu", new Publisher()));
    expect(error).toBeInstanceOf(SetupError);
    await expect(pub.publish("Still.Works", { n: 1 })).resolves.toBeUndefined();
  });
});

describe("invalid publish arguments are refused before anything is sent", () => {
  let pub: Publisher<{ n: number }>;
  beforeAll(async () => {
    pub = new Publisher<{ n: number }>();
    await start("arg-check", eventStreamPublisher(pub));
  });

  for (const key of [
    "",
    "Order.*",
    "Order.>",
    "Order.#",
    "Order Created",
    "Order..Created",
    ".Order",
    "Order.",
  ]) {
    it(`routing key ${JSON.stringify(key)}`, async () => {
      const error = await pub.publish(key, { n: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe("routingKey");
    });
  }

  it("the reserved 'service' header and an empty header key", async () => {
    const reserved = await pub
      .publish("A.B", { n: 1 }, { headers: { service: "spoofed" } })
      .catch((e: unknown) => e);
    expect(reserved).toBeInstanceOf(ConfigError);
    expect((reserved as Error).message).toMatch(/reserved key service used/);
    const empty = await pub.publish("A.B", { n: 1 }, { headers: { "": "x" } }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(ConfigError);
    expect((empty as Error).message).toMatch(/empty key not allowed/);
  });

  it("a header the NATS protocol cannot carry", async () => {
    const bad: Array<Record<string, string>> = [
      { "bad:key": "x" },
      { "bad key": "x" },
      { good: "line\r\nbreak" },
    ];
    for (const headers of bad) {
      const error = await pub.publish("A.B", { n: 1 }, { headers }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toMatch(/^headers\[/);
    }
  });

  it("a value the codec cannot encode", async () => {
    const cyclic: { n: number; self?: unknown } = { n: 1 };
    cyclic.self = cyclic;
    const error = await pub.publish("A.B", cyclic).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ENCODE" });
  });

  it("the publisher still works after all of that", async () => {
    await expect(pub.publish("A.B", { n: 2 })).resolves.toBeUndefined();
  });
});

describe("duplicate handler registrations are refused at start()", () => {
  it("the same routing key twice on one durable", async () => {
    const error = await startFails(
      "dup-events",
      eventStreamConsumer("Dup.Key", () => {}),
      eventStreamConsumer("Dup.Key", () => {}),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/"Dup.Key" is registered twice/);
  });

  it("overlapping keys on one durable", async () => {
    const error = await startFails(
      "dup-overlap",
      eventStreamConsumer("Dup.*", () => {}),
      eventStreamConsumer("Dup.Key", () => {}),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/overlap/);
  });

  it("the same service request routing key twice", async () => {
    const error = await startFails(
      "dup-requests",
      requestResponseHandler("Ping", () => "a"),
      serviceRequestConsumer("Ping", () => {}),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/"Ping" already has a request handler/);
  });

  it("one Publisher given to two setups", async () => {
    const pub = new Publisher();
    const error = await startFails("dup-pub", eventStreamPublisher(pub), streamPublisher("audit", pub));
    expect(error).toBeInstanceOf(NatsfluxError);
    expect((error as Error).message).toMatch(/already used by/);
  });
});
