import { describe, expect, it } from "vitest";
import { AdapterError, describeError } from "../src/adapter-error.js";
import {
  parseHelloParams,
  parsePublishParams,
  parseServiceParams,
  parseStartServiceParams,
} from "../src/params.js";

describe("request params", () => {
  it("parses start_service intents, filling Go's zero values", () => {
    const params = parseStartServiceParams({
      serviceName: "orders-1a2b3c4d",
      intents: [
        { pattern: "event-stream", direction: "consume", routingKey: "Order.*", queueSuffix: "audit" },
        {
          pattern: "custom-stream",
          direction: "publish",
          exchange: "audit",
          ephemeral: false,
          unknownField: 1,
        },
      ],
    });
    expect(params.serviceName).toBe("orders-1a2b3c4d");
    expect(params.intents[0]).toMatchObject({
      routingKey: "Order.*",
      queueSuffix: "audit",
      ephemeral: false,
    });
    expect(params.intents[1]).toMatchObject({ exchange: "audit", routingKey: undefined });
  });

  it("parses publish params with a raw payload and exact header keys", () => {
    const params = parsePublishParams({
      serviceName: "s",
      publisherKey: "event-stream",
      routingKey: "Order.Created",
      payload: { orderId: "o-1", _tckNonce: "n" },
      headers: { "x-priority": "high", "X-Case": "kept", __proto__: "header" },
    });
    expect(params.payload.text).toBe('{"orderId":"o-1","_tckNonce":"n"}');
    expect(Object.keys(params.headers)).toEqual(["x-priority", "X-Case"]);
    const withProto = parsePublishParams(
      JSON.parse('{"serviceName":"s","publisherKey":"k","routingKey":"r","headers":{"__proto__":"v"}}'),
    );
    expect(Object.getOwnPropertyDescriptor(withProto.headers, "__proto__")?.value).toBe("v");
    expect(withProto.payload.text).toBe("null");
  });

  it("answers bad params with the Go adapter's wording", () => {
    expect(() => parseStartServiceParams({ intents: [] })).toThrow(
      new AdapterError("invalid start_service params: serviceName must be a non-empty string"),
    );
    expect(() => parseStartServiceParams({ serviceName: "s", intents: {} })).toThrow(
      /intents must be an array/,
    );
    expect(() => parseStartServiceParams({ serviceName: "s", intents: [{ ephemeral: "yes" }] })).toThrow(
      /intents\[0\]\.ephemeral must be a boolean/,
    );
    expect(() =>
      parsePublishParams({ serviceName: "s", publisherKey: "k", routingKey: "r", headers: { a: 1 } }),
    ).toThrow('invalid publish params: headers["a"] must be a string');
    expect(() => parseServiceParams("received", [])).toThrow(
      "invalid received params: params must be an object",
    );
    expect(() => parseHelloParams({ protocolVersion: "1" })).toThrow(
      "invalid hello params: protocolVersion must be an integer",
    );
  });
});

describe("describeError", () => {
  it("joins causes like Go's wrapped errors, without repeating them", () => {
    const inner = new Error("connection refused");
    expect(describeError(new Error("failed to connect", { cause: inner }))).toBe(
      "failed to connect: connection refused",
    );
    expect(describeError(new Error("bad setup: x", { cause: new Error("x") }))).toBe("bad setup: x");
    expect(describeError("plain")).toBe("plain");
  });
});
