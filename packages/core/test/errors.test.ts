import { describe, expect, it } from "vitest";
import {
  AbortedError,
  ClosedError,
  ConfigError,
  DecodeError,
  EncodeError,
  isNonRetryable,
  NatsfluxError,
  NonRetryableError,
  NoRespondersError,
  nonRetryable,
  PermissionError,
  PublishError,
  RemoteError,
  RequestError,
  SubscribeError,
  TimeoutError,
  TransportError,
  UnsupportedFeatureError,
} from "../src/index.js";

describe("error classes", () => {
  const cause = new Error("socket closed");
  const cases: Array<[NatsfluxError, string, string]> = [
    [new EncodeError("json", "a.b", cause), "ENCODE", "EncodeError"],
    [new DecodeError("json", "a.b", cause), "DECODE", "DecodeError"],
    [new PublishError("a.b", cause), "PUBLISH", "PublishError"],
    [new SubscribeError("a.b", cause), "SUBSCRIBE", "SubscribeError"],
    [new RequestError("a.b", cause), "REQUEST", "RequestError"],
    [new TimeoutError("request", "a.b", 100), "TIMEOUT", "TimeoutError"],
    [new NoRespondersError("a.b"), "NO_RESPONDERS", "NoRespondersError"],
    [new RemoteError("a.b", "boom"), "REMOTE", "RemoteError"],
    [new AbortedError("publish"), "ABORTED", "AbortedError"],
    [new ClosedError("publisher"), "CLOSED", "ClosedError"],
    [new TransportError("lost"), "TRANSPORT", "TransportError"],
    [new PermissionError("publish", "a.b"), "PERMISSION", "PermissionError"],
    [new ConfigError("timeout", "must be > 0"), "CONFIG", "ConfigError"],
    [new UnsupportedFeatureError("term reason", "2.11", "2.10.4"), "UNSUPPORTED", "UnsupportedFeatureError"],
    [new NonRetryableError("bad order"), "NON_RETRYABLE", "NonRetryableError"],
  ];

  it.each(cases)("%s has its code, its class name and is a NatsfluxError", (error, code, name) => {
    expect(error.code).toBe(code);
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(NatsfluxError);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain(name);
  });

  it("keeps the cause and names codec and subject in codec errors", () => {
    const decode = new DecodeError("json", "orders.created", new SyntaxError("Unexpected token"));
    expect(decode.cause).toBeInstanceOf(SyntaxError);
    expect(decode.codec).toBe("json");
    expect(decode.subject).toBe("orders.created");
    expect(decode.message).toBe(
      'codec "json" could not decode the message for subject "orders.created": Unexpected token',
    );
    const encode = new EncodeError("msgpack", undefined, "not encodable");
    expect(encode.message).toBe('codec "msgpack" could not encode the value: not encodable');
    expect(encode.cause).toBe("not encodable");
  });

  it("describes operation errors with their cause", () => {
    const error = new PublishError("a.b", cause);
    expect(error.message).toBe('publish to "a.b" failed: socket closed');
    expect(error.cause).toBe(cause);
    expect(error.subject).toBe("a.b");
    expect(new PublishError("a.b", cause, "custom").message).toBe("custom");
  });

  it("carries timeout details", () => {
    const error = new TimeoutError("request", "svc.add", 250);
    expect(error.message).toBe('request to "svc.add" timed out after 250 ms');
    expect(error).toMatchObject({ operation: "request", subject: "svc.add", timeoutMs: 250 });
    expect(new TimeoutError("drain", undefined, 5).message).toBe("drain timed out after 5 ms");
  });

  it("keeps the remote message verbatim and defaults the status to 500", () => {
    const error = new RemoteError("svc.add", "out of stock");
    expect(error.remoteMessage).toBe("out of stock");
    expect(error.status).toBe(500);
    expect(new RemoteError("svc.add", "bad input", 400).status).toBe(400);
  });

  it("uses the abort reason as cause", () => {
    const reason = new Error("user left");
    const error = new AbortedError("request", reason);
    expect(error.cause).toBe(reason);
    expect(error.message).toBe("request was aborted: user left");
    expect(new AbortedError("request").message).toBe("request was aborted");
  });

  it("names the field of a ConfigError and the versions of an UnsupportedFeatureError", () => {
    expect(new ConfigError("delays[0]", "must be >= 0")).toMatchObject({
      field: "delays[0]",
      message: "delays[0]: must be >= 0",
    });
    const unsupported = new UnsupportedFeatureError("term reason", "2.11", "2.10.4", "upgrade");
    expect(unsupported.message).toBe(
      "term reason needs nats-server 2.11 or newer; connected server is 2.10.4. upgrade",
    );
  });
});

describe("NonRetryableError", () => {
  it("takes a message and an optional cause", () => {
    const cause = new Error("inner");
    const error = new NonRetryableError("bad order", { cause });
    expect(error.message).toBe("bad order");
    expect(error.cause).toBe(cause);
  });

  it("wraps an error, using its message", () => {
    const cause = new TypeError("amount is negative");
    const error = new NonRetryableError(cause);
    expect(error.message).toBe("amount is negative");
    expect(error.cause).toBe(cause);
  });

  it("nonRetryable() wraps once", () => {
    const inner = new Error("x");
    const wrapped = nonRetryable(inner);
    expect(wrapped).toBeInstanceOf(NonRetryableError);
    expect(wrapped.cause).toBe(inner);
    expect(nonRetryable(wrapped)).toBe(wrapped);
  });
});

describe("isNonRetryable", () => {
  it("is true for NonRetryableError and DecodeError", () => {
    expect(isNonRetryable(new NonRetryableError("x"))).toBe(true);
    expect(isNonRetryable(new DecodeError("json", "a", new Error("bad")))).toBe(true);
  });

  it("is false for other errors and non-errors", () => {
    expect(isNonRetryable(new Error("x"))).toBe(false);
    expect(isNonRetryable(new TimeoutError("request", "a", 1))).toBe(false);
    expect(isNonRetryable("NonRetryableError")).toBe(false);
    expect(isNonRetryable(undefined)).toBe(false);
  });

  it("looks through the cause chain", () => {
    const poison = new DecodeError("json", "a", new Error("bad"));
    const wrapped = new Error("handler failed", { cause: new Error("middle", { cause: poison }) });
    expect(isNonRetryable(wrapped)).toBe(true);
    const nonRetryableCause = new Error("outer", { cause: new NonRetryableError("stop") });
    expect(isNonRetryable(nonRetryableCause)).toBe(true);
  });

  it("stops at a bounded depth, so a cyclic cause chain cannot hang it", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isNonRetryable(a)).toBe(false);
  });
});
