import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError, type StatusEvent } from "@natsflux/core";
import { waitFor } from "@natsflux/testing/conformance";
import { describe, expect, it } from "vitest";
import { MemoryBroker, MemoryPublisher, MemorySubscriber } from "../src/index.js";

const json = jsonCodec<unknown>();

function dropped(events: StatusEvent[]): number {
  return events.reduce((sum, e) => sum + (e.type === "slow_consumer" ? e.dropped : 0), 0);
}

function setup() {
  const broker = new MemoryBroker();
  return {
    broker,
    publisher: new MemoryPublisher(broker, json),
    subscriber: new MemorySubscriber(broker, json),
  };
}

describe("MemorySubscriber", () => {
  it("never calls a handler inside publish()", async () => {
    const { publisher, subscriber } = setup();
    const log: string[] = [];
    await subscriber.subscribe("a", () => void log.push("handled"));
    const publishing = publisher.publish("a", 1);
    log.push("publish returned");
    await publishing;
    await waitFor(() => log.length === 2);
    expect(log).toEqual(["publish returned", "handled"]);
  });

  it("shares messages within a queue group, and plain subscribers get them all", async () => {
    const { publisher, subscriber } = setup();
    const got: Record<string, unknown[]> = { a: [], b: [], plain: [] };
    await subscriber.subscribe("jobs.*", (m) => void got.a?.push(m.payload), { queue: "workers" });
    await subscriber.subscribe("jobs.*", (m) => void got.b?.push(m.payload), { queue: "workers" });
    await subscriber.subscribe("jobs.*", (m) => void got.plain?.push(m.payload));
    for (let i = 0; i < 6; i++) await publisher.publish("jobs.run", i);
    await waitFor(() => got.plain?.length === 6 && (got.a?.length ?? 0) + (got.b?.length ?? 0) === 6);
    expect(got).toEqual({ a: [0, 2, 4], b: [1, 3, 5], plain: [0, 1, 2, 3, 4, 5] });
  });

  it("drops beyond bufferSize in handler mode and reports slow_consumer", async () => {
    const { publisher, subscriber } = setup();
    const events: StatusEvent[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: unknown[] = [];
    await subscriber.subscribe(
      "busy",
      async (m) => {
        seen.push(m.payload);
        await gate;
      },
      { bufferSize: 2, onStatus: (e) => events.push(e) },
    );
    for (let i = 0; i < 5; i++) await publisher.publish("busy", i);
    await waitFor(() => dropped(events) === 3);
    expect(events.every((e) => e.type === "slow_consumer" && e.subject === "busy")).toBe(true);
    release();
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([0, 1]);
  });

  it("drops when a stream's buffer is full and reports slow_consumer", async () => {
    const { publisher, subscriber } = setup();
    const events: StatusEvent[] = [];
    const stream = await subscriber.messages("fast", { bufferSize: 2, onStatus: (e) => events.push(e) });
    for (let i = 0; i < 5; i++) await publisher.publish("fast", i);
    await waitFor(() => dropped(events) === 3);
    expect(events.every((e) => e.type === "slow_consumer" && e.subject === "fast")).toBe(true);
    const seen: unknown[] = [];
    for await (const m of stream) {
      seen.push(m.payload);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([0, 1]);
  });

  it("messages() joins a queue group too", async () => {
    const { publisher, subscriber } = setup();
    const a = await subscriber.messages("q", { queue: "g" });
    const b = await subscriber.messages("q", { queue: "g" });
    await publisher.publish("q", "first");
    await publisher.publish("q", "second");
    const first = await a[Symbol.asyncIterator]().next();
    const second = await b[Symbol.asyncIterator]().next();
    expect([first.value?.payload, second.value?.payload]).toEqual(["first", "second"]);
    await subscriber.close();
  });

  it("refuses invalid subjects and options with ConfigError", async () => {
    const { subscriber } = setup();
    await expect(subscriber.subscribe("a..b", () => {})).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a.>.b", () => {})).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a", () => {}, { queue: "a b" })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a", () => {}, { concurrency: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a", () => {}, { bufferSize: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.messages("a", { bufferSize: 0 })).rejects.toBeInstanceOf(ConfigError);
  });

  it("drain() delivers messages still in transit; stop() drops them", async () => {
    const { publisher, subscriber } = setup();
    const drained: unknown[] = [];
    const stopped: unknown[] = [];
    const a = await subscriber.subscribe("d", (m) => void drained.push(m.payload));
    const b = await subscriber.subscribe("d", (m) => void stopped.push(m.payload));
    // Not awaited: the messages are routed but not yet delivered when drain/stop run.
    const sent = [publisher.publish("d", 1), publisher.publish("d", 2)];
    await Promise.all([a.drain(), b.stop(), ...sent]);
    expect(drained).toEqual([1, 2]);
    expect(stopped).toEqual([]);
  });

  it("leaves no broker subscription behind once closed", async () => {
    const { broker, subscriber } = setup();
    await subscriber.subscribe("a", () => {});
    await subscriber.messages("b");
    const stopped = await subscriber.subscribe("c", () => {});
    expect(broker.subscriptionCount).toBe(3);
    await stopped.stop();
    expect(broker.subscriptionCount).toBe(2);
    await subscriber.close();
    expect(broker.subscriptionCount).toBe(0);
  });
});

describe("slow consumer reports", () => {
  it("coalesce the drops of one burst into one event", async () => {
    const broker = new MemoryBroker();
    const events: StatusEvent[] = [];
    await new MemorySubscriber(broker, json).messages("burst", {
      bufferSize: 1,
      onStatus: (e) => events.push(e),
    });
    // Published in one synchronous burst, so all deliveries land in the same microtask run.
    for (let i = 0; i < 4; i++) broker.publish({ subject: "burst", data: json.encode(i), headers: {} });
    await waitFor(() => events.length > 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([{ type: "slow_consumer", subject: "burst", dropped: 3 }]);
  });
});
