import type { ConsumableEvent, Metadata } from "@natsflux/messaging";
import { describe, expect, it } from "vitest";
import { jsonText } from "../src/json-text.js";
import { RawJson } from "../src/raw-json.js";
import { receivedMessage, wireMetadata } from "../src/received-message.js";

const metadata: Metadata = {
  id: "5f1c",
  correlationId: "c-1",
  timestamp: "2026-03-05T14:30:00Z",
  source: "orders",
  type: "Order.Created",
  subject: "",
  dataContentType: "application/json",
  specVersion: "1.0",
};

describe("wireMetadata", () => {
  it("keeps an RFC 3339 timestamp and leaves out Go's omitempty fields when empty", () => {
    expect(wireMetadata(metadata)).toEqual({
      id: "5f1c",
      correlationId: "c-1",
      timestamp: "2026-03-05T14:30:00Z",
      source: "orders",
      type: "Order.Created",
      dataContentType: "application/json",
      specVersion: "1.0",
    });
  });

  it("never writes an empty or invalid timestamp (Go's time.Time cannot decode it)", () => {
    for (const timestamp of ["", "yesterday", "2026-02-30T00:00:00Z"]) {
      const wire = wireMetadata({ ...metadata, timestamp });
      expect(wire).not.toHaveProperty("timestamp");
      expect(jsonText(wire)).not.toContain("timestamp");
    }
  });
});

describe("receivedMessage", () => {
  it("records the delivery as the Go adapter does, with every header under its exact key", () => {
    const headers: Record<string, string> = { "ce-type": "Order.Created", "X-Custom": "1" };
    Object.defineProperty(headers, "__proto__", { value: "odd", enumerable: true });
    const event: ConsumableEvent<RawJson> = {
      metadata: { ...metadata, subject: "o-1" },
      deliveryInfo: { destination: "billing", source: "events", key: "Order.Created", headers },
      payload: RawJson.parse('{"orderId":"o-1"}'),
    };
    const message = receivedMessage(event);
    expect(message.routingKey).toBe("Order.Created");
    expect(message.metadata.subject).toBe("o-1");
    expect(jsonText(message.deliveryInfo)).toBe(
      '{"Destination":"billing","Source":"events","Key":"Order.Created","Headers":{"ce-type":"Order.Created","X-Custom":"1","__proto__":"odd"}}',
    );
    expect(jsonText(message)).toContain('"payload":{"orderId":"o-1"}');
  });
});
