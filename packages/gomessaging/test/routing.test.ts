import { describe, expect, it } from "vitest";
import { DuplicateRoutingKeyError, RoutingTable, routingKeyOverlaps } from "../src/index.js";
import { matchRoutingKey, routingKeyMatcher } from "../src/routing/match.js";

describe("matchRoutingKey", () => {
  it.each([
    ["Order.Created", "Order.Created", true],
    ["Order.Created", "Order.Updated", false],
    ["Order.*", "Order.Created", true],
    ["Order.*", "Order.Created.V2", false],
    ["Order.*", "Order.", true], // * is "any run without a dot", so also the empty one
    ["*.Created", "Order.Created", true],
    ["Order.#", "Order.Created", true],
    ["Order.#", "Order.Created.V2", true],
    ["Order.#", "Order", false], // the dot before # is literal
    ["#", "Anything.At.All", true],
    ["#", "", true],
    ["Order.*.Detail.#", "Order.1.Detail.x.y", true],
    ["Order.*.Detail.#", "Order.1.2.Detail.x", false],
    ["Order.Created", "OrderxCreated", false], // "." is not a regex wildcard
    ["Order.>", "Order.Created", false], // ">" is literal and so never matches a real key
  ])("%j matches %j: %s", (pattern, key, expected) => {
    expect(matchRoutingKey(pattern, key)).toBe(expected);
  });

  it("matches regex metacharacters literally", () => {
    expect(matchRoutingKey("a+b", "a+b")).toBe(true);
    expect(matchRoutingKey("a+b", "aab")).toBe(false);
    expect(matchRoutingKey("(x)[y]{1}$^|?\\", "(x)[y]{1}$^|?\\")).toBe(true);
  });

  it("a compiled matcher gives the same answers", () => {
    const matches = routingKeyMatcher("Order.*");
    expect([matches("Order.Created"), matches("User.Created")]).toEqual([true, false]);
  });
});

describe("routingKeyOverlaps", () => {
  it.each([
    ["Order.Created", "Order.Created", true],
    ["Order.*", "Order.Created", true],
    ["Order.Created", "Order.*", true],
    ["Order.#", "Order.*", true],
    ["#", "Order.Created", true],
    ["Order.*", "User.*", false],
    ["Order.Created", "Order.Updated", false],
  ])("%j and %j: %s", (a, b, expected) => {
    expect(routingKeyOverlaps(a, b)).toBe(expected);
  });
});

describe("RoutingTable", () => {
  const table = new RoutingTable<string>()
    .add("Order.#", "all orders")
    .add("Order.*", "one-level orders")
    .add("Order.Created", "created")
    .add("#", "fallback");

  it("prefers an exact registration over earlier patterns", () => {
    expect(table.find("Order.Created")).toBe("created");
  });

  it("otherwise takes the first matching pattern in registration order", () => {
    expect(table.find("Order.Updated")).toBe("all orders");
    expect(table.find("User.Created")).toBe("fallback");
  });

  it("returns undefined when nothing matches", () => {
    expect(new RoutingTable<number>().add("Order.*", 1).find("User.Created")).toBeUndefined();
  });

  it("refuses the same pattern twice", () => {
    expect(() => new RoutingTable<number>().add("A.B", 1).add("A.B", 2)).toThrow(DuplicateRoutingKeyError);
  });

  it("lists patterns in registration order", () => {
    expect(table.patterns()).toEqual(["Order.#", "Order.*", "Order.Created", "#"]);
    expect(table.size).toBe(4);
    expect(table.has("Order.*")).toBe(true);
  });
});
