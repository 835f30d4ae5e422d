import { ConfigError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import {
  type ConnectionOptions,
  collectTopology,
  createConnection,
  eventStreamConsumer,
  type OptionSetup,
  SetupError,
  silentLogger,
  withBackOff,
  withConsumerDefaults,
  withConsumerTraceMode,
  withErrorHandler,
  withLogger,
  withMaxDeliver,
  withNotificationHandler,
  withPropagator,
  withPublishSpanNameFn,
  withRequestTimeout,
  withSpanNameFn,
  withStreamConfig,
  withStreamDefaults,
  withTracing,
} from "../src/index.js";
import { checkConnectionOptions, resolveConfig } from "../src/resolve-config.js";

// No server: every check runs before start() connects (port 1 would refuse anyway).
const where = { serviceName: "svc", servers: "nats://127.0.0.1:1" } as const;

function thrown(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

async function rejected(action: () => Promise<unknown>): Promise<ConfigError> {
  const error = await action().then(
    () => new Error("expected a ConfigError, start() resolved"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const bad = (value: unknown) => value as never;

/** [option, bad value, the option setup that sets the same option, the field the error names]. */
const cases: ReadonlyArray<[keyof ConnectionOptions, unknown, (v: never) => OptionSetup, string]> = [
  ["logger", {}, withLogger, "logger"],
  ["logger", { debug() {}, info() {}, warn() {} }, withLogger, "logger"],
  ["requestTimeout", 0, withRequestTimeout, "requestTimeout"],
  ["requestTimeout", -5, withRequestTimeout, "requestTimeout"],
  ["requestTimeout", Number.NaN, withRequestTimeout, "requestTimeout"],
  ["requestTimeout", Number.POSITIVE_INFINITY, withRequestTimeout, "requestTimeout"],
  ["requestTimeout", "30s", withRequestTimeout, "requestTimeout"],
  ["streamDefaults", { maxAge: -1 }, withStreamDefaults, "streamDefaults.maxAge"],
  ["streamDefaults", { maxMsgs: 1.5 }, withStreamDefaults, "streamDefaults.maxMsgs"],
  ["streamDefaults", { maxBytes: "1GB" }, withStreamDefaults, "streamDefaults.maxBytes"],
  ["streamDefaults", { maxAgeMs: 1000 }, withStreamDefaults, "streamDefaults.maxAgeMs"],
  ["streamDefaults", null, withStreamDefaults, "streamDefaults"],
  ["consumerDefaults", { maxDeliver: -3 }, withConsumerDefaults, "consumerDefaults.maxDeliver"],
  ["consumerDefaults", { maxDeliver: 2.5 }, withConsumerDefaults, "consumerDefaults.maxDeliver"],
  ["consumerDefaults", { backOff: [0] }, withConsumerDefaults, "consumerDefaults.backOff[0]"],
  ["consumerDefaults", { backOff: [1000, -1] }, withConsumerDefaults, "consumerDefaults.backOff[1]"],
  ["consumerDefaults", { backOff: 1000 }, withConsumerDefaults, "consumerDefaults.backOff"],
  ["consumerDefaults", { maxDelivery: 3 }, withConsumerDefaults, "consumerDefaults.maxDelivery"],
  ["onNotification", "log", withNotificationHandler, "onNotification"],
  ["onError", 42, withErrorHandler, "onError"],
  ["tracerProvider", {}, withTracing, "tracerProvider"],
  ["propagator", { inject() {} }, withPropagator, "propagator"],
  ["spanNameFn", "name", withSpanNameFn, "spanNameFn"],
  ["publishSpanNameFn", 1, withPublishSpanNameFn, "publishSpanNameFn"],
  ["consumerTraceMode", "sibling", withConsumerTraceMode, "consumerTraceMode"],
];

describe("one configuration path: ConnectionOptions and option setups are checked by the same rules", () => {
  for (const [option, value, setup, field] of cases) {
    it(`${option}: ${typeof value === "number" ? value : JSON.stringify(value)} fails alike from createConnection, collectTopology and start`, async () => {
      const fromOptions = thrown(() => createConnection({ ...where, [option]: value }));
      expect(fromOptions.field).toBe(field);
      const fromCollect = thrown(() => collectTopology("svc", setup(bad(value))));
      const fromStart = await rejected(() =>
        createConnection({ ...where, logger: silentLogger }).start(setup(bad(value))),
      );
      for (const fromSetup of [fromCollect, fromStart]) {
        expect(fromSetup).toBeInstanceOf(SetupError);
        expect(fromSetup.field).toBe(field);
        expect(fromSetup.message).toBe(`${(fromSetup as SetupError).setup}: ${fromOptions.message}`);
        expect((fromSetup.cause as Error).constructor).toBe(fromOptions.constructor);
      }
    });
  }

  it("streams: a bad stream name or limit fails alike from `streams` and withStreamConfig", () => {
    for (const [stream, limits, field] of [
      ["", {}, "streams"],
      ["orders.eu", {}, "streamName"],
      ["orders", { replicas: -1 }, "streams.orders.replicas"],
      ["orders", { maxAge: "1d" }, "streams.orders.maxAge"],
    ] as const) {
      const fromOptions = thrown(() => createConnection({ ...where, streams: { [stream]: bad(limits) } }));
      const fromSetup = thrown(() => collectTopology("svc", withStreamConfig(stream, bad(limits))));
      expect(fromOptions.field).toBe(field);
      expect(fromSetup.field).toBe(field);
      expect(fromSetup.message).toBe(`withStreamConfig(${JSON.stringify(stream)}): ${fromOptions.message}`);
    }
  });

  it("consumer options follow the rules of the connection-wide consumer defaults", () => {
    const defaults = thrown(() => createConnection({ ...where, consumerDefaults: { maxDeliver: -3 } }));
    const own = thrown(() =>
      collectTopology(
        "svc",
        eventStreamConsumer("A", () => {}, withMaxDeliver(-3)),
      ),
    );
    expect(own.message).toBe(
      `eventStreamConsumer("A"): ${defaults.message.replace("consumerDefaults.", "")}`,
    );
    const delays = thrown(() => createConnection({ ...where, consumerDefaults: { backOff: [0] } }));
    const ownDelays = thrown(() =>
      collectTopology(
        "svc",
        eventStreamConsumer("A", () => {}, withBackOff(0)),
      ),
    );
    expect(ownDelays.message).toBe(
      `eventStreamConsumer("A"): ${delays.message.replace("consumerDefaults.", "")}`,
    );
  });

  it("options that only createConnection takes are checked too", () => {
    for (const [option, value] of [
      ["logLevel", "verbose"],
      ["drainTimeout", 0],
      ["drainTimeout", -1],
      ["metrics", { eventReceived() {} }],
      ["onStatus", {}],
    ] as const) {
      expect(thrown(() => createConnection({ ...where, [option]: value })).field).toBe(option);
    }
  });

  it("where to connect: a service name, and servers or a connection (not both)", () => {
    expect(thrown(() => createConnection({ ...where, serviceName: "" })).field).toBe("serviceName");
    expect(thrown(() => collectTopology("")).field).toBe("serviceName");
    expect(thrown(() => createConnection({ serviceName: "svc" })).message).toMatch(
      /NATS URL must not be empty/,
    );
    expect(thrown(() => createConnection({ serviceName: "svc", servers: [] })).field).toBe("servers");
    expect(thrown(() => createConnection({ serviceName: "svc", servers: [""] })).field).toBe("servers");
    const nc = { close: async () => {}, isClosed: () => false } as never;
    expect(thrown(() => createConnection({ ...where, connection: nc })).field).toBe("servers");
    expect(thrown(() => createConnection({ serviceName: "svc", connection: nc, nats: {} })).field).toBe(
      "nats",
    );
    expect(thrown(() => createConnection({ serviceName: "svc", connection: bad({}) })).field).toBe(
      "connection",
    );
    const inNats = { ...where, nats: bad({ servers: "nats://127.0.0.1:2" }) };
    expect(thrown(() => createConnection(inNats)).field).toBe("nats.servers");
  });

  it("a nats.js option outside `nats` is refused by name instead of being lost", () => {
    const error = thrown(() => createConnection(bad({ ...where, user: "alice", pass: "secret" })));
    expect(error.field).toBe("user");
    expect(error.message).toMatch(/nats\.js connection options go in `nats`/);
  });

  it("both sources resolve to the same configuration, setups overriding options field by field", () => {
    const limits = { maxAge: 60_000 };
    const handler = () => {};
    const fromOptions = resolveConfig(
      "svc",
      checkConnectionOptions({
        ...where,
        logger: silentLogger,
        requestTimeout: 5,
        streamDefaults: limits,
        streams: { "audit.topic.exchange": { maxMsgs: 10 } },
        consumerDefaults: { maxDeliver: 3, backOff: [100] },
        onError: handler,
        consumerTraceMode: "link",
      }),
      [],
    );
    const fromSetups = resolveConfig("svc", { logger: silentLogger }, [
      withRequestTimeout(5),
      withStreamDefaults(limits),
      withStreamConfig("audit.topic.exchange", { maxMsgs: 10 }),
      withConsumerDefaults({ maxDeliver: 3, backOff: [100] }),
      withErrorHandler(handler),
      withConsumerTraceMode("link"),
    ]);
    expect(fromSetups).toEqual(fromOptions);
    expect(fromOptions.streams.get("audit")).toEqual({ maxMsgs: 10 });
    const overridden = resolveConfig(
      "svc",
      checkConnectionOptions({ ...where, streams: { a: { maxMsgs: 1 } } }),
      [withStreamConfig("b", { maxMsgs: 2 }), withRequestTimeout(7)],
    );
    expect([...overridden.streams.keys()]).toEqual(["a", "b"]);
    expect(overridden.requestTimeout).toBe(7);
  });
});
