import { ConfigError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import {
  assertConsumerSuffix,
  assertRoutingKey,
  assertStreamName,
  InvalidNameError,
  natsConsumerFilterSubject,
  natsDurableName,
  natsRoutingKeyFromSubject,
  natsServiceRequestSubject,
  natsStreamName,
  natsStreamSubjects,
  natsSubject,
} from "../src/index.js";
import { assertDurableName } from "../src/naming/name-rules.js";

function thrown(fn: () => unknown): InvalidNameError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidNameError);
    return error as InvalidNameError;
  }
  throw new Error("expected InvalidNameError, nothing was thrown");
}

describe("NATS transport names", () => {
  it("a stream captures exactly {stream}.>", () => {
    expect(natsStreamSubjects("events")).toEqual(["events.>"]);
    expect(natsStreamSubjects(natsStreamName("audit.topic.exchange"))).toEqual(["audit.>"]);
  });

  it("filter subjects translate # but keep *", () => {
    expect(natsConsumerFilterSubject("events", "Order.Created")).toBe("events.Order.Created");
    expect(natsConsumerFilterSubject("events", "Order.#")).toBe("events.Order.>");
    expect(natsConsumerFilterSubject("events", "#")).toBe("events.>");
    expect(natsConsumerFilterSubject("audit", "*.Entry")).toBe("audit.*.Entry");
  });

  it("publish subjects use the key as given", () => {
    expect(natsSubject("events", "Order.Created")).toBe("events.Order.Created");
  });

  it("durable names are the service, or service-suffix", () => {
    expect(natsDurableName("orders")).toBe("orders");
    expect(natsDurableName("backend", "reminders")).toBe("backend-reminders");
  });

  it("an empty suffix is refused with Go's wording", () => {
    const error = thrown(() => natsDurableName("backend", ""));
    expect(error.field).toBe("consumerSuffix");
    expect(error.message).toContain("empty consumer suffix not allowed");
    expect(() => assertConsumerSuffix("ok")).not.toThrow();
  });

  it("a suffix that makes the durable invalid is refused as a durable name", () => {
    const error = thrown(() => natsDurableName("backend", "a.b"));
    expect(error.field).toBe("durableName");
    expect(error.value).toBe("backend-a.b");
  });

  it("service request subjects do not translate wildcards", () => {
    expect(natsServiceRequestSubject("billing", "Invoice.Create")).toBe("billing.request.Invoice.Create");
    expect(natsServiceRequestSubject("billing", "Invoice.#")).toBe("billing.request.Invoice.#");
  });

  it("the routing key of a received subject is everything after the first dot", () => {
    expect(natsRoutingKeyFromSubject("events.Order.Created")).toBe("Order.Created");
    expect(natsRoutingKeyFromSubject("audit.Audit.Entry.V2")).toBe("Audit.Entry.V2");
    expect(natsRoutingKeyFromSubject("events.")).toBe("");
    expect(natsRoutingKeyFromSubject("nodot")).toBe("nodot");
  });
});

describe("name validators", () => {
  it.each(["events", "audit-log", "Orders_v2", "ÅÄÖ"])("accepts stream and durable name %j", (name) => {
    expect(() => assertStreamName(name)).not.toThrow();
    expect(() => assertDurableName(name)).not.toThrow();
  });

  it.each([
    ["", "must not be empty"],
    ["events.other.suffix", `contains "."`],
    ["ev*nts", `contains "*"`],
    ["ev>nts", `contains ">"`],
    ["my events", "whitespace"],
    ["tab\tname", "whitespace"],
    ["a/b", "path separator"],
    ["a\\b", "path separator"],
  ])("refuses stream name %j", (name, reason) => {
    const error = thrown(() => assertStreamName(name));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe("CONFIG");
    expect(error.field).toBe("streamName");
    expect(error.value).toBe(name);
    expect(error.message).toContain(JSON.stringify(name));
    expect(error.message).toContain(reason);
  });

  it.each(["", "svc.v2", "svc*", "svc>", "my svc"])("refuses durable name %j", (name) => {
    expect(thrown(() => assertDurableName(name)).field).toBe("durableName");
  });

  it("refuses names longer than the 255 bytes nats-server allows, counted in UTF-8", () => {
    expect(() => assertStreamName("s".repeat(255))).not.toThrow();
    expect(() => assertDurableName("d".repeat(255))).not.toThrow();
    expect(thrown(() => assertStreamName("s".repeat(256))).message).toContain("256 bytes");
    expect(thrown(() => assertDurableName("d".repeat(256))).field).toBe("durableName");
    // "Å" is 2 bytes in UTF-8: 128 of them are 256 bytes.
    expect(thrown(() => assertStreamName("Å".repeat(128))).message).toContain("at most 255");
  });

  it.each(["Order.Created", "Order.*", "*.Created", "Order.#", "#", "*", "Order.*.Detail.#", "a+b"])(
    "accepts routing key %j",
    (key) => {
      expect(() => assertRoutingKey(key)).not.toThrow();
    },
  );

  it.each([
    ["", "must not be empty"],
    ["Order.>", "must not contain '>'"],
    [">", "must not contain '>'"],
    ["Order Created", "whitespace"],
    ["Order..Created", "empty tokens"],
    [".Order", "empty tokens"],
    ["Order.", "empty tokens"],
    ["#.Created", "'#' must be a whole token and the last one"],
    ["Order.Cre#", "'#' must be a whole token and the last one"],
    ["Order.Cre*", "'*' must be a whole token"],
  ])("refuses routing key %j", (key, reason) => {
    const error = thrown(() => assertRoutingKey(key));
    expect(error.field).toBe("routingKey");
    expect(error.message).toContain(reason);
  });
});
