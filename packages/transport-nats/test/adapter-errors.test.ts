import { ClosedError, NoRespondersError, PermissionError, TimeoutError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { classifyNatsError, natsErrorKind, toNatsfluxError } from "../src/adapter.js";

/**
 * An error as another copy of @nats-io/nats-core would create it: same name, message, fields and cause,
 * but not an instance of any class this package can see.
 */
function foreign(name: string, message: string, fields: Record<string, unknown> = {}): Error {
  const { cause, ...rest } = fields;
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return Object.assign(error, rest);
}

describe("NATS adapter: error classification by name, never instanceof", () => {
  it("recognises every nats.js error it maps, from another copy of the classes", () => {
    const cases: Array<[Error, string]> = [
      [foreign("NoResponders", "no responders: 'svc.a'"), "no_responders"],
      [foreign("NoRespondersError", "no responders"), "no_responders"],
      [foreign("TimeoutError", "timeout"), "timeout"],
      [foreign("PermissionViolationError", 'Permissions Violation for Publish to "x"'), "permission"],
      [foreign("ClosedConnectionError", "closed connection"), "closed"],
      [foreign("DrainingConnectionError", "connection draining"), "draining"],
      [foreign("InvalidSubjectError", "illegal subject: 'a b'"), "invalid_subject"],
      [foreign("InvalidArgumentError", "'queue' is not valid"), "invalid_argument"],
      [foreign("InvalidArgumentError", "message size exceeds max_payload"), "max_payload"],
      [foreign("AuthorizationError", "authorization violation"), "connection"],
      [foreign("UserAuthenticationExpiredError", "user authentication expired"), "connection"],
      [foreign("ConnectionError", "connection refused"), "connection"],
      [foreign("ProtocolError", "unknown protocol"), "connection"],
      [foreign("RequestError", "connection closed"), "closed"],
    ];
    for (const [error, kind] of cases) expect([error.name, natsErrorKind(error)]).toEqual([error.name, kind]);
  });

  it("looks through wrappers (RequestError, JetStreamNotEnabled) to the reason, and returns it", () => {
    const reason = foreign("NoResponders", "no responders: '$JS.API.STREAM.INFO.X'");
    const wrapped = foreign("JetStreamNotEnabled", "jetstream is not enabled", {
      cause: foreign("RequestError", "no responders", { cause: reason }),
    });
    expect(classifyNatsError(wrapped)).toEqual({ kind: "no_responders", error: reason });
  });

  it("does not recognise unrelated errors or non-errors", () => {
    expect(natsErrorKind(new Error("socket hang up"))).toBeUndefined();
    expect(natsErrorKind(foreign("RequestError", "something else"))).toBeUndefined();
    expect(natsErrorKind(new TypeError("x"))).toBeUndefined();
    expect(natsErrorKind("timeout")).toBeUndefined();
    expect(natsErrorKind(undefined)).toBeUndefined();
    // A cause chain that loops ends instead of hanging.
    const loop = foreign("RequestError", "loop");
    (loop as { cause?: unknown }).cause = loop;
    expect(natsErrorKind(loop)).toBeUndefined();
  });

  it("maps foreign errors to the same natsflux errors as its own copy's", () => {
    const noResponders = toNatsfluxError(
      foreign("RequestError", "no responders", { cause: foreign("NoResponders", "no responders: 'svc.a'") }),
      "request",
      "svc.a",
    );
    expect(noResponders).toBeInstanceOf(NoRespondersError);
    expect(noResponders.cause).toMatchObject({ name: "NoResponders" });

    const denied = toNatsfluxError(
      foreign("RequestError", "denied", {
        cause: foreign("PermissionViolationError", "denied", { operation: "publish", subject: "svc.admin" }),
      }),
      "request",
      "svc.admin",
    );
    expect(denied).toBeInstanceOf(PermissionError);
    expect(denied).toMatchObject({ operation: "request", subject: "svc.admin" });

    expect(toNatsfluxError(foreign("TimeoutError", "timeout"), "request", "a", 300)).toEqual(
      expect.objectContaining({ code: "TIMEOUT", timeoutMs: 300 }),
    );
    expect(toNatsfluxError(foreign("TimeoutError", "timeout"), "request", "a")).toBeInstanceOf(TimeoutError);
    expect(
      toNatsfluxError(foreign("ClosedConnectionError", "closed connection"), "publish", "a"),
    ).toBeInstanceOf(ClosedError);
  });
});
