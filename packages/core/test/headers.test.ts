import { describe, expect, it } from "vitest";
import { noHeaders, toHeaderRecord } from "../src/index.js";

describe("toHeaderRecord", () => {
  it("returns an empty record for undefined", () => {
    expect(toHeaderRecord(undefined)).toEqual({});
  });

  it("keeps keys exactly as given from a record", () => {
    const out = toHeaderRecord({ "ce-id": "1", "Ce-Id": "2", "X-MiXeD-Case": "v" });
    expect(Object.keys(out)).toEqual(["ce-id", "Ce-Id", "X-MiXeD-Case"]);
    expect(out).toEqual({ "ce-id": "1", "Ce-Id": "2", "X-MiXeD-Case": "v" });
  });

  it("accepts an iterable of pairs, also a Map, keeping case", () => {
    expect(
      toHeaderRecord([
        ["ce-type", "order.created"],
        ["X-MiXeD-Case", "v"],
      ]),
    ).toEqual({ "ce-type": "order.created", "X-MiXeD-Case": "v" });
    expect(toHeaderRecord(new Map([["Trace-Parent", "00-abc"]]))).toEqual({ "Trace-Parent": "00-abc" });
  });

  it("returns a fresh mutable copy", () => {
    const input = { a: "1" };
    const out = toHeaderRecord(input);
    out.b = "2";
    expect(out).not.toBe(input);
    expect(input).toEqual({ a: "1" });
  });
});

describe("noHeaders", () => {
  it("is a shared frozen empty record", () => {
    expect(noHeaders()).toEqual({});
    expect(Object.isFrozen(noHeaders())).toBe(true);
    expect(noHeaders()).toBe(noHeaders());
  });
});
