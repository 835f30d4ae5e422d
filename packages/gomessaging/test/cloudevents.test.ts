import { ConfigError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { validateHeaderKey } from "../src/cloudevents/header-key.js";
import { currentCETime, formatCETime } from "../src/cloudevents/time.js";
import {
  buildPublishHeaders,
  enrichLegacyMetadata,
  hasCEHeaders,
  InvalidHeaderError,
  isRFC3339,
  type Metadata,
  metadataFromHeaders,
  normalizeCEHeaders,
  validateCEHeaders,
} from "../src/index.js";

const clock = () => new Date("2026-03-05T14:30:00.789Z");
const ids = () => "00000000-0000-4000-8000-000000000001";
const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u;

describe("buildPublishHeaders", () => {
  it("sends exactly the Go header set for a plain publish", () => {
    const headers = buildPublishHeaders({
      serviceName: "orders",
      routingKey: "Order.Created",
      now: clock,
      newId: ids,
    });
    expect(headers).toEqual({
      service: "orders",
      "ce-specversion": "1.0",
      "ce-type": "Order.Created",
      "ce-source": "orders",
      "ce-datacontenttype": "application/json",
      "ce-time": "2026-03-05T14:30:00Z",
      "ce-id": "00000000-0000-4000-8000-000000000001",
    });
    expect(Object.keys(headers)[0]).toBe("service");
  });

  it("defaults ce-time to the current second in UTC and ce-id to a random UUID v4", () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const headers = buildPublishHeaders({ serviceName: "orders", routingKey: "Order.Created" });
    expect(headers["ce-time"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/u);
    expect(Date.parse(headers["ce-time"] ?? "")).toBeGreaterThanOrEqual(before);
    expect(headers["ce-id"]).toMatch(uuidV4);
    expect(buildPublishHeaders({ serviceName: "o", routingKey: "k" })["ce-id"]).not.toBe(headers["ce-id"]);
  });

  it("keeps custom headers unchanged and lets users override ce-* defaults", () => {
    const headers = buildPublishHeaders({
      serviceName: "scheduler",
      routingKey: "Task.Scheduled",
      headers: {
        "x-delay-until": "2026-03-01T00:00:00Z",
        "x-priority": "high",
        "ce-type": "Custom.Type",
        "ce-id": "my-id",
        "ce-correlationid": "corr-1",
        "Ce-Source": "not-the-same-key",
      },
      now: clock,
      newId: ids,
    });
    expect(headers).toMatchObject({
      "x-delay-until": "2026-03-01T00:00:00Z",
      "x-priority": "high",
      "ce-type": "Custom.Type",
      "ce-id": "my-id",
      "ce-correlationid": "corr-1",
      "ce-source": "scheduler", // keys are case-sensitive: "Ce-Source" is another header
      "Ce-Source": "not-the-same-key",
    });
  });

  it("replaces empty user values with the defaults, like Go's Header.Get check", () => {
    const headers = buildPublishHeaders({
      serviceName: "orders",
      routingKey: "Order.Created",
      headers: [
        ["ce-type", ""],
        ["ce-id", ""],
      ],
      now: clock,
      newId: ids,
    });
    expect(headers["ce-type"]).toBe("Order.Created");
    expect(headers["ce-id"]).toBe("00000000-0000-4000-8000-000000000001");
  });

  it("takes the codec's content type as the default", () => {
    const headers = buildPublishHeaders({
      serviceName: "s",
      routingKey: "k",
      contentType: "application/protobuf",
    });
    expect(headers["ce-datacontenttype"]).toBe("application/protobuf");
  });

  it("sets no optional attribute the user did not give", () => {
    const headers = buildPublishHeaders({ serviceName: "s", routingKey: "k" });
    expect(Object.keys(headers)).not.toContain("ce-subject");
    expect(Object.keys(headers)).not.toContain("ce-dataschema");
    expect(Object.keys(headers)).not.toContain("ce-correlationid");
    expect(Object.keys(headers)).not.toContain("Nats-Msg-Id");
  });

  it.each([
    ["", "empty key not allowed"],
    ["service", "reserved key service used, please change to use another one"],
  ])("refuses user header key %j with Go's message", (key, reason) => {
    const build = () => buildPublishHeaders({ serviceName: "s", routingKey: "k", headers: [[key, "v"]] });
    expect(build).toThrow(InvalidHeaderError);
    try {
      build();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as InvalidHeaderError).reason).toBe(reason);
      expect((error as InvalidHeaderError).key).toBe(key);
      expect((error as Error).message).toBe(`headers: ${reason}`);
    }
  });

  it("treats the reserved key case-sensitively, as Go does", () => {
    expect(() => validateHeaderKey("Service")).not.toThrow();
  });

  it("produces headers that validate and read back", () => {
    const headers = buildPublishHeaders({
      serviceName: "orders",
      routingKey: "Order.Created",
      now: clock,
      newId: ids,
    });
    expect(validateCEHeaders(headers)).toEqual([]);
    expect(metadataFromHeaders(headers)).toMatchObject({
      type: "Order.Created",
      source: "orders",
      timestamp: "2026-03-05T14:30:00Z",
      specVersion: "1.0",
    });
  });
});

describe("ce-time", () => {
  it("is formatted in UTC without milliseconds", () => {
    expect(formatCETime(new Date("2026-03-05T14:30:00.999Z"))).toBe("2026-03-05T14:30:00Z");
    expect(formatCETime(new Date(Date.UTC(2026, 0, 1, 0, 0, 0)))).toBe("2026-01-01T00:00:00Z");
  });

  it.each([
    "2025-06-15T10:30:00Z",
    "2025-06-15T12:30:00+02:00",
    "2025-06-15T10:30:00.123456Z",
    "2024-02-29T00:00:00-05:30",
  ])("accepts RFC 3339 %j", (value) => {
    expect(isRFC3339(value)).toBe(true);
  });

  it.each([
    "",
    "not-a-time",
    "2025-06-15",
    "2025-06-15 10:30:00Z",
    "2025-06-15T10:30:00",
    "2025-13-01T00:00:00Z",
    "2025-02-29T00:00:00Z",
    "2025-06-15T24:00:00Z",
    "2025-06-15T10:60:00Z",
    "2025-06-15T10:30:60Z",
    "2025-06-15T10:30:00+24:00",
    "2025-06-15t10:30:00z",
  ])("refuses %j", (value) => {
    expect(isRFC3339(value)).toBe(false);
  });

  it("answers each value on its own merits when valid and invalid values alternate and repeat", () => {
    const cases: Array<[string, boolean]> = [
      ["2025-06-15T10:30:00Z", true],
      ["2025-06-15T10:30:00Z", true],
      ["2025-02-29T00:00:00Z", false],
      ["2025-02-29T00:00:00Z", false],
      ["2025-06-15T10:30:00Z", true],
      ["", false],
    ];
    expect(cases.map(([value]) => isRFC3339(value))).toEqual(cases.map(([, valid]) => valid));
  });

  it("stamps publishes with the current second, as formatCETime of the clock would", () => {
    const before = Date.now();
    const stamps = Array.from({ length: 1000 }, () => currentCETime());
    const after = Date.now();
    const allowed = new Set([formatCETime(new Date(before)), formatCETime(new Date(after))]);
    for (const stamp of stamps) expect(allowed.has(stamp)).toBe(true);
  });
});

describe("hasCEHeaders / normalizeCEHeaders", () => {
  it.each([
    [{ "ce-specversion": "1.0", "x-custom": "v" }, true],
    [{ "ce-subject": "only-optional" }, true],
    [{ "cloudEvents:type": "Order.Created" }, true],
    [{ cloudEvents_source: "svc" }, true],
    [{ "x-custom": "v", "content-type": "application/json" }, false],
    [{ "Ce-Id": "wrong case" }, false],
    [{}, false],
  ])("hasCEHeaders(%j) is %s", (headers, expected) => {
    expect(hasCEHeaders(headers)).toBe(expected);
  });

  it("renames AMQP and JMS spellings to ce- and keeps everything else", () => {
    const input = { "cloudEvents:type": "T", cloudEvents_source: "S", "ce-id": "I", "x-other": "O" };
    expect(normalizeCEHeaders(input)).toEqual({
      "ce-type": "T",
      "ce-source": "S",
      "ce-id": "I",
      "x-other": "O",
    });
    expect(input).toHaveProperty("cloudEvents:type"); // the input is not modified
  });

  it("prefers the ce- spelling when both are present", () => {
    expect(normalizeCEHeaders({ "cloudEvents:id": "amqp", "ce-id": "canonical" })).toEqual({
      "ce-id": "canonical",
    });
  });

  it("makes bridged AMQP headers readable as metadata", () => {
    const metadata = metadataFromHeaders(
      normalizeCEHeaders({ "cloudEvents:type": "Order.Created", "cloudEvents:id": "1" }),
    );
    expect([metadata.type, metadata.id]).toEqual(["Order.Created", "1"]);
  });
});

describe("enrichLegacyMetadata", () => {
  const empty = metadataFromHeaders({});
  const origin = { source: "events", key: "Order.Created" };

  it("fills id, timestamp, type, source, content type and spec version", () => {
    expect(enrichLegacyMetadata(empty, origin, { now: clock, newId: ids })).toEqual({
      id: "00000000-0000-4000-8000-000000000001",
      correlationId: "",
      timestamp: "2026-03-05T14:30:00Z",
      source: "events",
      type: "Order.Created",
      subject: "",
      dataContentType: "application/json",
      specVersion: "1.0",
    } satisfies Metadata);
  });

  it("keeps what a partial message already has and never invents correlationId or subject", () => {
    const partial: Metadata = { ...empty, id: "kept", type: "Kept.Type", timestamp: "2025-01-01T00:00:00Z" };
    const result = enrichLegacyMetadata(partial, origin);
    expect(result).toMatchObject({
      id: "kept",
      type: "Kept.Type",
      timestamp: "2025-01-01T00:00:00Z",
      source: "events",
    });
    expect([result.correlationId, result.subject]).toEqual(["", ""]);
  });

  it("uses a random UUID and the current time by default, without touching the input", () => {
    const result = enrichLegacyMetadata(empty, origin);
    expect(result.id).toMatch(uuidV4);
    expect(isRFC3339(result.timestamp)).toBe(true);
    expect(empty.id).toBe("");
  });
});
