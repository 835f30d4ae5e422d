import { errors } from "@nats-io/nats-core";
import {
  ClosedError,
  ConfigError,
  NoRespondersError,
  PermissionError,
  PublishError,
  RequestError,
  SubscribeError,
  TimeoutError,
  TransportError,
} from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { toNatsfluxError } from "../src/index.js";

describe("toNatsfluxError", () => {
  it("maps a permission violation to PermissionError naming the denied subject", () => {
    const publish = toNatsfluxError(
      new errors.PermissionViolationError(
        'Permissions Violation for Publish to "secret.x"',
        "publish",
        "secret.x",
      ),
      "publish",
      "secret.x",
    );
    expect(publish).toBeInstanceOf(PermissionError);
    expect(publish).toMatchObject({ operation: "publish", subject: "secret.x" });
    expect(publish.message).toContain('"secret.x"');

    const subscribe = toNatsfluxError(
      new errors.PermissionViolationError("denied", "subscription", "secret.>"),
      "subscribe",
      "secret.>",
    );
    expect(subscribe).toMatchObject({ code: "PERMISSION", operation: "subscribe", subject: "secret.>" });

    // A request whose publish was denied arrives wrapped in nats.js's RequestError.
    const request = toNatsfluxError(
      new errors.RequestError("denied", {
        cause: new errors.PermissionViolationError("denied", "publish", "svc.admin"),
      }),
      "request",
      "svc.admin",
    );
    expect(request).toMatchObject({ code: "PERMISSION", operation: "request", subject: "svc.admin" });
  });

  it("maps no responders, timeouts and closed connections", () => {
    const noResponders = toNatsfluxError(
      new errors.RequestError("no responders", { cause: new errors.NoRespondersError("svc.a") }),
      "request",
      "svc.a",
    );
    expect(noResponders).toBeInstanceOf(NoRespondersError);
    expect(toNatsfluxError(new errors.TimeoutError(), "request", "svc.a", 250)).toEqual(
      expect.objectContaining({ code: "TIMEOUT", subject: "svc.a", timeoutMs: 250 }),
    );
    expect(toNatsfluxError(new errors.TimeoutError(), "request", "svc.a")).toBeInstanceOf(TimeoutError);
    expect(toNatsfluxError(new errors.ClosedConnectionError(), "publish", "a")).toBeInstanceOf(ClosedError);
    expect(toNatsfluxError(new errors.DrainingConnectionError(), "subscribe", "a")).toBeInstanceOf(
      ClosedError,
    );
    expect(toNatsfluxError(new errors.RequestError("connection closed"), "request", "a")).toBeInstanceOf(
      ClosedError,
    );
  });

  it("maps invalid subjects to ConfigError and connection failures to TransportError", () => {
    expect(toNatsfluxError(new errors.InvalidSubjectError("a b"), "publish", "a b")).toBeInstanceOf(
      ConfigError,
    );
    expect(toNatsfluxError(new errors.ProtocolError("bad"), "subscribe", "a")).toBeInstanceOf(TransportError);
  });

  it("falls back to the operation's error class and keeps the cause", () => {
    const cause = new Error("socket hang up");
    const publish = toNatsfluxError(cause, "publish", "a");
    expect(publish).toBeInstanceOf(PublishError);
    expect(publish.cause).toBe(cause);
    expect(toNatsfluxError("odd", "subscribe", "a")).toBeInstanceOf(SubscribeError);
    expect(toNatsfluxError(new Error("x"), "request", "a")).toBeInstanceOf(RequestError);
    const mine = new ClosedError("thing");
    expect(toNatsfluxError(mine, "publish", "a")).toBe(mine);
  });

  it("never puts credentials from a server URL into the message", () => {
    const error = toNatsfluxError(
      new errors.ConnectionError("cannot reach nats://alice:s3cret@10.0.0.1:4222"),
      "publish",
      "a",
    );
    expect(error.message).not.toContain("s3cret");
    expect(error.message).not.toContain("alice");
    expect(error.message).toContain("nats://***@10.0.0.1:4222");
    const token = toNatsfluxError(new Error("failed tls://tok3n@host:4443"), "request", "a");
    expect(token.message).not.toContain("tok3n");
  });
});
