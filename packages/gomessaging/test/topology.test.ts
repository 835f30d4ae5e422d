import { describe, expect, it } from "vitest";
import { TopologyShapeError } from "../src/errors/topology-shape-error.js";
import { type Topology, validate, validateTopologies } from "../src/index.js";
import { parseTopologies } from "../src/topology/parse-topologies.js";

describe("validate", () => {
  it("reports every problem of every endpoint, in order, one per line", () => {
    const topology: Topology = {
      transport: "amqp",
      serviceName: "svc",
      endpoints: [
        { direction: "consume", pattern: "event-stream", exchangeName: "", exchangeKind: "topic" },
        {
          direction: "publish",
          pattern: "queue-publish",
          exchangeName: "(default)",
          exchangeKind: "",
          queueName: "q",
        },
        {
          direction: "consume",
          pattern: "event-stream",
          exchangeName: "bad",
          exchangeKind: "topic",
          queueName: "q",
          routingKey: "A.>",
        },
      ],
    };
    expect(validate(topology)).toBe(
      [
        "endpoint[0]: exchange name must not be empty",
        "endpoint[0]: consume endpoint must have a queue name",
        "endpoint[0]: routing key must not be empty for topic exchange",
        'endpoint[0]: topic exchange "" must end with .topic.exchange',
        "endpoint[1]: routing key must not be empty for  exchange",
        "endpoint[2]: routing key must not contain '>' (use '#' for multi-level wildcard)",
        'endpoint[2]: topic exchange "bad" must end with .topic.exchange',
      ].join("\n"),
    );
  });

  it("applies the NATS naming rules", () => {
    const nats = (exchangeName: string): Topology => ({
      transport: "nats",
      serviceName: "svc",
      endpoints: [
        {
          direction: "publish",
          pattern: "event-stream",
          exchangeName,
          exchangeKind: "topic",
          routingKey: "K",
        },
      ],
    });
    expect(validate(nats("events.topic.exchange"))).toBe(
      'endpoint[0]: NATS exchange "events.topic.exchange" must not use AMQP suffix ".topic.exchange"',
    );
    expect(validate(nats("my events"))).toBe(
      'endpoint[0]: NATS exchange "my events" must not contain whitespace',
    );
    expect(validate(nats("events"))).toBeNull();
  });

  it("skips naming rules without a transport and accepts null endpoints", () => {
    expect(validate({ serviceName: "svc", endpoints: null })).toBeNull();
    expect(
      validate({
        serviceName: "svc",
        endpoints: [
          {
            direction: "publish",
            pattern: "event-stream",
            exchangeName: "x",
            exchangeKind: "topic",
            routingKey: "K",
          },
        ],
      }),
    ).toBeNull();
  });
});

describe("validateTopologies", () => {
  it("prefixes per-service errors, then lists unpublished consumers per transport", () => {
    const topologies: Topology[] = [
      {
        transport: "nats",
        serviceName: "broken",
        endpoints: [
          { direction: "publish", pattern: "event-stream", exchangeName: "events", exchangeKind: "topic" },
        ],
      },
      {
        transport: "nats",
        serviceName: "billing",
        endpoints: [
          {
            direction: "consume",
            pattern: "event-stream",
            exchangeName: "events",
            exchangeKind: "topic",
            queueName: "billing",
            routingKey: "Order.Paid",
          },
        ],
      },
      {
        transport: "amqp",
        serviceName: "audit",
        endpoints: [
          {
            direction: "consume",
            pattern: "event-stream",
            exchangeName: "events.topic.exchange",
            exchangeKind: "topic",
            queueName: "q",
            routingKey: "Order.Paid",
          },
        ],
      },
      {
        transport: "nats",
        serviceName: "orders",
        endpoints: [
          {
            direction: "publish",
            pattern: "event-stream",
            exchangeName: "events",
            exchangeKind: "topic",
            routingKey: "Order.Paid",
          },
        ],
      },
      {
        transport: "amqp",
        serviceName: "shop",
        endpoints: [
          {
            direction: "publish",
            pattern: "event-stream",
            exchangeName: "events.topic.exchange",
            exchangeKind: "topic",
            routingKey: "Order.Placed",
          },
        ],
      },
    ];
    expect(validateTopologies(topologies)).toBe(
      [
        'service "broken": endpoint[0]: routing key must not be empty for topic exchange',
        'service "audit" consumes "Order.Paid" on exchange "events.topic.exchange" but no service publishes it',
      ].join("\n"),
    );
  });

  it("does not cross-check wildcard consumers and returns null when all is well", () => {
    expect(
      validateTopologies([
        {
          transport: "nats",
          serviceName: "audit",
          endpoints: [
            {
              direction: "consume",
              pattern: "event-stream",
              exchangeName: "events",
              exchangeKind: "topic",
              queueName: "audit",
              routingKey: "#",
            },
          ],
        },
      ]),
    ).toBeNull();
    expect(validateTopologies([])).toBeNull();
  });
});

describe("parseTopologies", () => {
  const endpoint = {
    direction: "consume",
    pattern: "event-stream",
    exchangeName: "events",
    exchangeKind: "topic",
    queueName: "svc",
    routingKey: "K",
  };

  it("accepts one topology or an array, and treats null endpoints as none", () => {
    expect(parseTopologies({ transport: "nats", serviceName: "svc", endpoints: [endpoint] })).toEqual([
      { transport: "nats", serviceName: "svc", endpoints: [endpoint] },
    ]);
    expect(parseTopologies([{ serviceName: "a", endpoints: null }, { serviceName: "b" }])).toEqual([
      { serviceName: "a", endpoints: [] },
      { serviceName: "b", endpoints: [] },
    ]);
  });

  it("keeps absent optionals absent and accepts the empty kind of queue-publish", () => {
    const [parsed] = parseTopologies({
      serviceName: "s",
      endpoints: [
        {
          direction: "publish",
          pattern: "queue-publish",
          exchangeName: "q",
          exchangeKind: "",
          queueName: "q",
          routingKey: null,
        },
      ],
    });
    expect(parsed?.endpoints?.[0]).toEqual({
      direction: "publish",
      pattern: "queue-publish",
      exchangeName: "q",
      exchangeKind: "",
      queueName: "q",
    });
  });

  it.each([
    [42, "$", "must be a topology object"],
    [[{ serviceName: 1 }], "$[0].serviceName", "must be a string"],
    [{ serviceName: "s", transport: "kafka" }, "$.transport", 'must be one of "amqp", "nats"'],
    [{ serviceName: "s", endpoints: {} }, "$.endpoints", "must be an array or null"],
    [
      { serviceName: "s", endpoints: [{ ...endpoint, direction: "send" }] },
      "$.endpoints[0].direction",
      'got "send"',
    ],
    [
      { serviceName: "s", endpoints: [{ ...endpoint, exchangeName: undefined }] },
      "$.endpoints[0].exchangeName",
      "is required",
    ],
    [
      { serviceName: "s", endpoints: [{ ...endpoint, ephemeral: "yes" }] },
      "$.endpoints[0].ephemeral",
      "must be a boolean",
    ],
    [{ serviceName: "s", endpoints: [1] }, "$.endpoints[0]", "must be an endpoint object"],
  ])("refuses %j at %s", (input, path, problem) => {
    try {
      parseTopologies(input);
      expect.unreachable("parseTopologies should have thrown");
    } catch (error) {
      expect(error).toBeInstanceOf(TopologyShapeError);
      expect((error as TopologyShapeError).path).toBe(path);
      expect((error as Error).message).toContain(problem);
    }
  });
});
