import { describe, expect, it } from "vitest";
import { incomingMetadata } from "../src/index.js";

const complete = {
  "ce-specversion": "1.0",
  "ce-type": "Order.Created",
  "ce-source": "shop",
  "ce-id": "id-1",
  "ce-time": "2026-03-05T14:30:00Z",
  "ce-datacontenttype": "application/json",
};
const origin = { source: "events", key: "Order.Created" };

describe("incomingMetadata", () => {
  it("reads complete CloudEvents headers as they are, without warnings", () => {
    const warned: string[][] = [];
    const metadata = incomingMetadata({ ...origin, headers: complete }, (w) => warned.push(w));
    expect(metadata).toMatchObject({ id: "id-1", source: "shop", type: "Order.Created", specVersion: "1.0" });
    expect(warned).toEqual([]);
  });

  it("enriches a legacy message (no CloudEvents header) silently", () => {
    const warned: string[][] = [];
    const metadata = incomingMetadata({ ...origin, headers: { service: "old" } }, (w) => warned.push(w));
    expect(metadata).toMatchObject({ type: "Order.Created", source: "events", specVersion: "1.0" });
    expect(metadata.id).not.toBe("");
    expect(warned).toEqual([]);
  });

  it("tells the listener what a partial message lacks, with the delivery, then enriches it", () => {
    const heard: Array<[string[], string]> = [];
    const metadata = incomingMetadata({ ...origin, headers: { "ce-id": "id-2" } }, (warnings, delivery) =>
      heard.push([warnings, delivery.key]),
    );
    expect(heard).toEqual([
      [
        [
          'missing required attribute "ce-specversion"',
          'missing required attribute "ce-type"',
          'missing required attribute "ce-source"',
          'missing required attribute "ce-time"',
        ],
        "Order.Created",
      ],
    ]);
    expect(metadata).toMatchObject({ id: "id-2", type: "Order.Created", source: "events" });
  });

  it("without a listener a partial message is enriched without validation", () => {
    expect(incomingMetadata({ ...origin, headers: { "ce-id": "id-3" } })).toMatchObject({
      id: "id-3",
      type: "Order.Created",
    });
  });

  it("normalises AMQP-bridged cloudEvents: and cloudEvents_ keys", () => {
    const bridged = Object.fromEntries(
      Object.entries(complete).map(([key, value], i) => [
        `cloudEvents${i % 2 ? ":" : "_"}${key.slice(3)}`,
        value,
      ]),
    );
    const warned: string[][] = [];
    expect(incomingMetadata({ ...origin, headers: bridged }, (w) => warned.push(w))).toMatchObject({
      id: "id-1",
      timestamp: "2026-03-05T14:30:00Z",
    });
    expect(warned).toEqual([]);
  });
});
