import { describe, expect, it } from "vitest";
import { compactJson } from "../src/compact-json.js";
import { jsonText } from "../src/json-text.js";
import { RawJson } from "../src/raw-json.js";
import { rawJsonCodec } from "../src/raw-json-codec.js";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("compactJson", () => {
  it("drops whitespace outside strings, keeps it inside", () => {
    expect(compactJson('{\n  "a b" : [ 1 ,\t2 ],\r\n  "c": "x  y\\" z" }\n')).toBe(
      '{"a b":[1,2],"c":"x  y\\" z"}',
    );
  });

  it("handles escaped backslashes before a closing quote", () => {
    expect(compactJson('[ "a\\\\" , "b" ]')).toBe('["a\\\\","b"]');
  });

  it("leaves compact text and scalars alone", () => {
    expect(compactJson('{"n":1.50,"big":12345678901234567890}')).toBe(
      '{"n":1.50,"big":12345678901234567890}',
    );
    expect(compactJson(" null ")).toBe("null");
  });
});

describe("RawJson and jsonText", () => {
  it("writes raw values verbatim inside results, on one line", () => {
    const payload = RawJson.parse('{\n "big": 12345678901234567890, "f": 72.50 }');
    const line = jsonText({ messages: [{ routingKey: "A.B", payload, skipped: undefined }] });
    expect(line).toBe('{"messages":[{"routingKey":"A.B","payload":{"big":12345678901234567890,"f":72.50}}]}');
  });

  it("refuses text that is not JSON", () => {
    expect(() => RawJson.parse("{oops")).toThrow(SyntaxError);
  });

  it("serialises parsed request values", () => {
    expect(RawJson.of({ a: [1, "x"], b: null }).text).toBe('{"a":[1,"x"],"b":null}');
    expect(RawJson.of(null).text).toBe("null");
    expect(() => RawJson.of(undefined)).toThrow(TypeError);
  });

  it("matches JSON.stringify for plain values", () => {
    const value = {
      s: 'q"\n',
      n: -0.5,
      t: true,
      z: null,
      arr: [1, undefined, { k: "v" }],
      nested: { "": 1 },
    };
    expect(jsonText(value)).toBe(JSON.stringify(value));
  });
});

describe("rawJsonCodec", () => {
  it("decodes to the payload text and encodes it back unchanged", () => {
    const decoded = rawJsonCodec.decode(bytes('{"orderId":"abc", "n": 1e3}'));
    expect(decoded.text).toBe('{"orderId":"abc","n":1e3}');
    expect(new TextDecoder().decode(rawJsonCodec.encode(decoded))).toBe('{"orderId":"abc","n":1e3}');
    expect(rawJsonCodec.contentType).toBe("application/json");
  });

  it("rejects empty, non-JSON and non-UTF-8 payloads", () => {
    expect(() => rawJsonCodec.decode(new Uint8Array())).toThrow(/empty payload/);
    expect(() => rawJsonCodec.decode(bytes("not json"))).toThrow(SyntaxError);
    expect(() => rawJsonCodec.decode(new Uint8Array([0x22, 0xff, 0x22]))).toThrow(TypeError);
  });
});
