import { headers as natsHeaders } from "@nats-io/nats-core";
import { ConfigError, DecodeError, noHeaders } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type HeaderLimit, headersOf, toNatsHeaders } from "../src/adapter.js";

function entries(init: Parameters<typeof toNatsHeaders>[0]): Array<[string, string[]]> {
  const out = toNatsHeaders(init);
  return out === undefined ? [] : [...out];
}

function refusal(init: Parameters<typeof toNatsHeaders>[0], limit?: HeaderLimit): ConfigError {
  try {
    toNatsHeaders(init, limit);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("NATS adapter: header conversion", () => {
  it("sends no header block for no headers", () => {
    expect(toNatsHeaders(undefined)).toBeUndefined();
    expect(toNatsHeaders({})).toBeUndefined();
    expect(toNatsHeaders([])).toBeUndefined();
    expect(toNatsHeaders(new Map())).toBeUndefined();
  });

  it("keeps keys exactly as given, from a record or from pairs (the last of a repeated key wins)", () => {
    expect(entries({ "ce-id": "1", "X-MiXeD": "v" })).toEqual([
      ["ce-id", ["1"]],
      ["X-MiXeD", ["v"]],
    ]);
    expect(
      entries([
        ["k", "first"],
        ["k", "second"],
      ]),
    ).toEqual([["k", ["second"]]]);
    // Only own keys of a record: nothing inherited leaks onto the wire.
    const record = Object.assign(Object.create({ inherited: "x" }), { own: "y" });
    expect(entries(record)).toEqual([["own", ["y"]]]);
  });

  it("refuses what NATS cannot carry with a ConfigError naming the header", () => {
    expect(refusal({ "": "v" })).toMatchObject({ field: 'headers[""]' });
    expect(refusal({ "": "v" }).message).toContain("must not be empty");
    expect(refusal({ n: 1 as unknown as string }).message).toContain("must be strings, got number");
    expect(refusal([["n", undefined as unknown as string]]).message).toContain("got undefined");
    for (const name of ["a:b", "a b", "é", "tab\t"]) {
      expect(refusal({ [name]: "v" }).message).toContain("printable ASCII (33-126) except ':'");
    }
    expect(refusal({ k: "a\r\nInjected: x" }).message).toContain("must not contain CR or LF");
    expect(refusal({ k: "a\r\nInjected: x" }).cause).toBeInstanceOf(Error);
  });

  it("bounds the header block when asked (a JetStream stream stores at most 64 KiB), counting UTF-8 bytes", () => {
    const limit = { bytes: 100, holder: "this receiver accepts" };
    // Framing (12) + "k" + ": " and CRLF (4) + the value: 40 two-byte characters are 97 bytes, 45 are 107.
    expect(toNatsHeaders({ k: "é".repeat(40) }, limit)).toBeDefined();
    const error = refusal({ k: "é".repeat(45) }, limit);
    expect(error.field).toBe("headers");
    expect(error.message).toContain("107 bytes of headers, more than the 100 this receiver accepts");
    expect(toNatsHeaders({}, limit)).toBeUndefined();
  });

  it("reads received headers: first value of a repeated key, none as the shared empty set", () => {
    const hdrs = natsHeaders();
    hdrs.append("k", "first");
    hdrs.append("k", "second");
    hdrs.set("constructor", "is a plain key");
    expect(headersOf({ headers: hdrs }, "s")).toEqual({ k: "first", constructor: "is a plain key" });
    expect(headersOf({ headers: undefined }, "s")).toBe(noHeaders());
    expect(headersOf({}, "s")).toBe(noHeaders());
  });

  it("turns a header block nats.js cannot parse into a DecodeError for that message", () => {
    const broken = {
      get headers(): undefined {
        throw new Error("'bad key' is not a valid character in a header name");
      },
    };
    expect(() => headersOf(broken, "orders.x")).toThrow(DecodeError);
  });
});
