import { ConfigError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { MemoryBroker, subjectMatches } from "../src/index.js";

// pattern, subject, matches
const table: Array<[string, string, boolean]> = [
  ["orders.created", "orders.created", true],
  ["orders.created", "orders.updated", false],
  ["orders.created", "orders.created.eu", false],
  ["orders.created", "orders", false],
  ["orders.*", "orders.created", true],
  ["orders.*", "orders", false],
  ["orders.*", "orders.created.eu", false],
  ["*.created", "orders.created", true],
  ["*.created", "created", false],
  ["*.*", "a.b", true],
  ["*.*", "a", false],
  ["*", "a", true],
  ["*", "a.b", false],
  ["orders.>", "orders.created", true],
  ["orders.>", "orders.created.eu.west", true],
  ["orders.>", "orders", false],
  ["orders.>", "invoices.created", false],
  [">", "a", true],
  [">", "a.b.c", true],
  ["*.audit.>", "eu.audit.login", true],
  ["*.audit.>", "eu.audit", false],
  ["*.audit.>", "eu.west.audit.login", false],
  ["a.*.c.>", "a.b.c.d.e", true],
  ["a.*.c.>", "a.b.x.d", false],
  // Wildcard characters inside a token are literal, as in nats-server.
  ["orders.a*", "orders.abc", false],
  ["orders.a*", "orders.a*", true],
  ["orders.>x", "orders.b", false],
  // Tokens are case-sensitive.
  ["Orders.created", "orders.created", false],
];

describe("subjectMatches", () => {
  it.each(table)("%s vs %s -> %s", (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe("broker routing follows the table", () => {
  it("delivers exactly the matching messages", async () => {
    const broker = new MemoryBroker();
    const subjects = [...new Set(table.map(([, subject]) => subject))].filter((s) => !s.includes("*"));
    const patterns = [...new Set(table.map(([pattern]) => pattern))].filter((p) => !p.includes(">x"));
    const received = new Map<string, string[]>();
    for (const pattern of patterns) {
      received.set(pattern, []);
      broker.subscribe(pattern, (m) => received.get(pattern)?.push(m.subject));
    }
    for (const subject of subjects) broker.publish({ subject, data: new Uint8Array(), headers: {} });
    await new Promise((resolve) => setImmediate(resolve));
    for (const pattern of patterns) {
      expect(received.get(pattern), pattern).toEqual(subjects.filter((s) => subjectMatches(pattern, s)));
    }
  });
});

describe("subject validation", () => {
  const broker = new MemoryBroker();
  const publish = (subject: string) => () => broker.publish({ subject, data: new Uint8Array(), headers: {} });
  const subscribe = (subject: string) => () => broker.subscribe(subject, () => {});

  it.each(["", "a..b", ".a", "a.", "a b", "a\tb", "a.*", "*", "a.>", ">"])(
    "refuses to publish to %j",
    (subject) => {
      expect(publish(subject)).toThrow(ConfigError);
    },
  );

  it.each(["", "a..b", "a.>.b", ">.a", "a b", "a."])("refuses to subscribe to %j", (subject) => {
    expect(subscribe(subject)).toThrow(ConfigError);
  });

  it("accepts wildcard subscriptions and literal wildcard characters inside tokens", () => {
    expect(subscribe("a.*.>")).not.toThrow();
    expect(publish("orders.a*")).not.toThrow();
  });
});
