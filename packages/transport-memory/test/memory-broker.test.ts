import { ConfigError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type BrokerMessage, MemoryBroker } from "../src/index.js";

function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function send(broker: MemoryBroker, subject: string, text = subject): number {
  return broker.publish({ subject, data: new TextEncoder().encode(text), headers: {} });
}

describe("MemoryBroker queue groups", () => {
  it("round-robin gives each member its turn", async () => {
    const broker = new MemoryBroker();
    const got: Record<string, number[]> = { a: [], b: [], c: [] };
    for (const name of ["a", "b", "c"]) {
      broker.subscribe("jobs", (m) => got[name]?.push(Number(new TextDecoder().decode(m.data))), {
        queue: "workers",
      });
    }
    for (let i = 0; i < 9; i++) expect(send(broker, "jobs", String(i))).toBe(1);
    await flush();
    expect(got).toEqual({ a: [0, 3, 6], b: [1, 4, 7], c: [2, 5, 8] });
  });

  it("random picks with the injected source", async () => {
    const rolls = [0.9, 0.1, 0.5, 0.99, 0];
    const broker = new MemoryBroker({ queueStrategy: "random", random: () => rolls.shift() ?? 0 });
    const got: string[] = [];
    for (const name of ["a", "b", "c"]) broker.subscribe("jobs", () => got.push(name), { queue: "q" });
    for (let i = 0; i < 5; i++) send(broker, "jobs");
    await flush();
    expect(got).toEqual(["c", "a", "b", "c", "a"]);
  });

  it("random spreads a large number of messages over every member", async () => {
    const broker = new MemoryBroker({ queueStrategy: "random" });
    const counts = [0, 0, 0, 0];
    counts.forEach((_, i) => {
      broker.subscribe("jobs", () => counts[i]!++, { queue: "q" });
    });
    for (let i = 0; i < 400; i++) send(broker, "jobs");
    await flush();
    expect(counts.reduce((a, b) => a + b)).toBe(400);
    for (const count of counts) expect(count).toBeGreaterThan(40);
  });

  it("each message goes to one member of each group and to every plain subscriber", async () => {
    const broker = new MemoryBroker();
    const got: Record<string, number> = {};
    const count = (name: string) => () => {
      got[name] = (got[name] ?? 0) + 1;
    };
    broker.subscribe("orders.*", count("plain1"));
    broker.subscribe("orders.created", count("plain2"));
    broker.subscribe("orders.created", count("billing1"), { queue: "billing" });
    broker.subscribe("orders.*", count("billing2"), { queue: "billing" });
    broker.subscribe("orders.>", count("shipping1"), { queue: "shipping" });
    for (let i = 0; i < 10; i++) expect(send(broker, "orders.created")).toBe(4);
    await flush();
    expect(got.plain1).toBe(10);
    expect(got.plain2).toBe(10);
    // Queue members are grouped by queue name across matching subjects, as in nats-server.
    expect((got.billing1 ?? 0) + (got.billing2 ?? 0)).toBe(10);
    expect(got.billing1).toBe(5);
    expect(got.shipping1).toBe(10);
    expect(broker.interest("orders.created")).toBe(4);
    expect(broker.interest("orders.updated")).toBe(3);
    expect(broker.interest("invoices.created")).toBe(0);
  });

  it("a member that leaves gets nothing more; the others carry on", async () => {
    const broker = new MemoryBroker();
    const got: string[] = [];
    const a = broker.subscribe("jobs", () => got.push("a"), { queue: "q" });
    broker.subscribe("jobs", () => got.push("b"), { queue: "q" });
    a.unsubscribe();
    for (let i = 0; i < 3; i++) send(broker, "jobs");
    await flush();
    expect(got).toEqual(["b", "b", "b"]);
  });

  it("refuses an unknown strategy and an invalid queue name", () => {
    expect(() => new MemoryBroker({ queueStrategy: "sticky" as "random" })).toThrow(ConfigError);
    expect(() => new MemoryBroker().subscribe("a", () => {}, { queue: "has space" })).toThrow(ConfigError);
    expect(() => new MemoryBroker().subscribe("a", () => {}, { queue: "" })).toThrow(ConfigError);
  });
});

describe("MemoryBroker delivery", () => {
  it("delivers asynchronously, after publish returned, in publish order", async () => {
    const broker = new MemoryBroker();
    const log: string[] = [];
    broker.subscribe("a", (m) => log.push(`got ${new TextDecoder().decode(m.data)}`));
    send(broker, "a", "1");
    send(broker, "a", "2");
    log.push("published");
    await flush();
    expect(log).toEqual(["published", "got 1", "got 2"]);
  });

  it("returns the number of receivers and 0 without interest", () => {
    const broker = new MemoryBroker();
    expect(send(broker, "a")).toBe(0);
    broker.subscribe("a", () => {});
    broker.subscribe("*", () => {});
    expect(send(broker, "a")).toBe(2);
  });

  it("gives each receiver its own copy of bytes and headers", async () => {
    const broker = new MemoryBroker();
    const received: BrokerMessage[] = [];
    broker.subscribe("a", (m) => {
      // The first receiver scribbles over what it got; the second must not see it.
      m.data[0] = 0;
      received.push(m);
    });
    broker.subscribe("a", (m) => received.push(m));
    const data = new Uint8Array([1, 2, 3]);
    const headers: Record<string, string> = { "ce-id": "1" };
    broker.publish({ subject: "a", data, headers, reply: "inbox.1" });
    data[1] = 9;
    headers["ce-id"] = "changed";
    await flush();
    expect(received).toHaveLength(2);
    expect([...(received[1]?.data ?? [])]).toEqual([1, 2, 3]);
    expect([...data]).toEqual([1, 9, 3]);
    expect(received[1]?.headers).toEqual({ "ce-id": "1" });
    expect(Object.isFrozen(received[1]?.headers)).toBe(true);
    expect(received[1]?.reply).toBe("inbox.1");
    expect(received[0]?.data).not.toBe(received[1]?.data);
  });

  it("unsubscribe() drops messages still in transit", async () => {
    const broker = new MemoryBroker();
    const got: string[] = [];
    const sub = broker.subscribe("a", (m) => got.push(m.subject));
    send(broker, "a");
    sub.unsubscribe();
    sub.unsubscribe();
    expect(sub.active).toBe(false);
    expect(broker.subscriptionCount).toBe(0);
    await flush();
    expect(got).toEqual([]);
  });

  it("drain() stops new messages but delivers those in transit before resolving", async () => {
    const broker = new MemoryBroker();
    const got: string[] = [];
    const sub = broker.subscribe("a", (m) => got.push(new TextDecoder().decode(m.data)));
    send(broker, "a", "1");
    send(broker, "a", "2");
    const drained = sub.drain();
    expect(sub.drain()).toBe(drained);
    expect(send(broker, "a", "late")).toBe(0);
    await drained;
    expect(got).toEqual(["1", "2"]);
    expect(broker.subscriptionCount).toBe(0);
    await expect(sub.drain()).resolves.toBeUndefined();
  });

  it("drain() resolves at once with nothing in transit, and unsubscribe() cuts a drain short", async () => {
    const broker = new MemoryBroker();
    await broker.subscribe("a", () => {}).drain();
    const got: string[] = [];
    const sub = broker.subscribe("a", (m) => got.push(m.subject));
    send(broker, "a");
    const drained = sub.drain();
    sub.unsubscribe();
    await drained;
    expect(got).toEqual([]);
  });

  it("hands out unique inbox subjects", () => {
    const broker = new MemoryBroker();
    const inboxes = new Set(Array.from({ length: 100 }, () => broker.inbox()));
    expect(inboxes.size).toBe(100);
    for (const inbox of inboxes) expect(inbox).toMatch(/^_INBOX\.[a-z0-9]+\.\d+$/);
    expect(new MemoryBroker().inbox()).not.toBe(broker.inbox());
  });

  it("never delivers to a subscription made after the publish", async () => {
    const broker = new MemoryBroker();
    send(broker, "a");
    const got: string[] = [];
    broker.subscribe("a", (m) => got.push(m.subject));
    await flush();
    expect(got).toEqual([]);
  });
});
