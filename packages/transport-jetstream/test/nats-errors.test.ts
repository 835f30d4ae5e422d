import { ConfigError, PermissionError, PublishError, TimeoutError, TransportError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { PublishTimeoutError } from "../src/errors.js";
import { managementError } from "../src/manage/api-errors.js";
import { ApiCode, apiCode, serverDescription, statusCode } from "../src/nats-errors.js";
import { publishError } from "../src/publish/publish-errors.js";

/**
 * An error as another copy of @nats-io/nats-core or @nats-io/jetstream would create it (an application that
 * installed its own): same name, message, fields and cause, but no class this package can see.
 */
function foreign(name: string, message: string, fields: Record<string, unknown> = {}): Error {
  const { cause, ...rest } = fields;
  const error = new Error(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return Object.assign(error, rest);
}

/** A JetStream API error as nats.js builds it: the server's err_code as `code`, the body behind apiError(). */
function foreignApiError(name: string, errCode: number, description: string): Error {
  return foreign(name, description, {
    code: errCode,
    apiError: () => ({ code: 400, err_code: errCode, description }),
  });
}

const noResponders = () =>
  foreign("RequestError", "no responders", { cause: foreign("NoResponders", "no responders: 'orders.x'") });

describe("JetStream error mapping from another copy of nats.js", () => {
  it("explains a publish nobody stores as 'no stream captures this subject', not 'no responders'", () => {
    const error = publishError("orders.x", noResponders(), 5000, undefined);
    expect(error).toBeInstanceOf(PublishError);
    expect(error.message).toContain("no stream captures this subject");
    // nats.js wraps it once more when its own RequestError check succeeds.
    const wrapped = foreign("JetStreamNotEnabled", "jetstream is not enabled", { cause: noResponders() });
    expect(publishError("orders.x", wrapped, 5000, undefined).message).toContain("no stream captures");
  });

  it("maps publish timeouts, permission violations and stream refusals", () => {
    const timeout = publishError("orders.x", foreign("TimeoutError", "timeout"), 250, "id-1");
    expect(timeout).toBeInstanceOf(PublishTimeoutError);
    expect(timeout).toMatchObject({ msgId: "id-1", timeoutMs: 250 });
    const denied = foreign("RequestError", "denied", {
      cause: foreign("PermissionViolationError", 'Permissions Violation for Publish to "orders.x"'),
    });
    expect(publishError("orders.x", denied, 250, undefined)).toBeInstanceOf(PermissionError);
    const refused = publishError(
      "orders.x",
      foreignApiError("JetStreamApiError", 10071, "wrong last sequence: 3"),
      250,
      undefined,
    );
    expect(refused.message).toContain("wrong last sequence: 3 (code 10071)");
  });

  it("reads JetStream API errors by code, and tells them from pull status errors", () => {
    const notFound = foreignApiError("StreamNotFoundError", ApiCode.StreamNotFound, "stream not found");
    expect(apiCode(notFound)).toBe(ApiCode.StreamNotFound);
    expect(serverDescription(notFound)).toBe("stream not found");
    const status = foreign("JetStreamStatusError", "exceeded maxwaiting", { code: 409 });
    expect(apiCode(status)).toBeUndefined();
    expect(statusCode(status)).toBe(409);
    expect(apiCode(new Error("x"))).toBeUndefined();
    expect(serverDescription("plain")).toBe("plain");
  });

  it("maps management failures: timeout, JetStream not answering, server refusals", () => {
    expect(managementError("ensureStream S", foreign("TimeoutError", "timeout"), 100)).toBeInstanceOf(
      TimeoutError,
    );
    const silent = managementError("ensureStream S", noResponders(), 100);
    expect(silent).toBeInstanceOf(TransportError);
    expect(silent.message).toContain("is JetStream enabled");
    const refused = managementError(
      "ensureStream S",
      foreignApiError("JetStreamApiError", 10052, "bad"),
      100,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    expect(refused.message).toContain("bad");
  });
});
