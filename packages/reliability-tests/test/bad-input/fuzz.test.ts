import { MsgHdrsImpl } from "@nats-io/nats-core";
import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError, DecodeError } from "@natsflux/core";
import { decodeWith } from "@natsflux/core/internal";
import {
  buildPublishHeaders,
  CERequiredAttributes,
  enrichLegacyMetadata,
  hasCEHeaders,
  InvalidHeaderError,
  metadataFromHeaders,
  normalizeCEHeaders,
  validateCEHeaders,
} from "@natsflux/gomessaging";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

// Property tests over the decode and header paths a received message goes through. Bounded: a fixed seed per
// run is not used (new inputs every run), but the number of runs and the input sizes are capped so the file
// stays well under a second or two.

const runs = { numRuns: 300 };
const codec = jsonCodec<unknown>();

// Header keys that hit the interesting branches: CloudEvents keys, their bridged spellings, case variants,
// the reserved key, and anything else.
const ceKeys = [...CERequiredAttributes, "ce-datacontenttype", "ce-subject", "ce-correlationid"];
const headerKey = fc.oneof(
  fc.constantFrom(...ceKeys),
  fc.constantFrom(...ceKeys.map((k) => k.replace("ce-", "cloudEvents_"))),
  fc.constantFrom(...ceKeys.map((k) => k.replace("ce-", "cloudEvents:"))),
  fc.constantFrom(...ceKeys.map((k) => k.toUpperCase())),
  fc.constantFrom("service", "", "__proto__", "constructor", "toString"),
  fc.string({ maxLength: 20 }),
);
// Bridged or hand-built maps may hold values that are not strings.
const headerValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("2026-01-02T03:04:05Z", "2026-02-30T00:00:00Z", "1.0", ""),
  fc.anything({ maxDepth: 1 }),
);
const headerMap = fc.dictionary(headerKey, headerValue, { maxKeys: 12 });

describe("fuzz: payload decoding", () => {
  it("arbitrary bytes decode to a value or fail with a DecodeError naming the subject, nothing else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        try {
          decodeWith(codec, bytes, "events.Fuzz");
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
          expect((error as DecodeError).subject).toBe("events.Fuzz");
        }
      }),
      runs,
    );
  });

  it("any JSON value survives encode then decode", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const decoded = decodeWith(codec, codec.encode(value), "events.Fuzz");
        expect(decoded).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      runs,
    );
  });

  it("valid JSON text with corrupted bytes never escapes as a non-DecodeError", () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (value, at, byte) => {
          const bytes = codec.encode(value);
          if (bytes.length > 0) bytes[at % bytes.length] = byte;
          try {
            decodeWith(codec, bytes, "events.Fuzz");
          } catch (error) {
            expect(error).toBeInstanceOf(DecodeError);
          }
        },
      ),
      runs,
    );
  });
});

describe("fuzz: received header parsing", () => {
  it("metadata extraction never throws and yields strings only; a bad ce-time reads as empty", () => {
    fc.assert(
      fc.property(headerMap, (headers) => {
        const normalized = normalizeCEHeaders(headers);
        for (const key of Object.keys(normalized)) {
          expect(key.startsWith("cloudEvents:") || key.startsWith("cloudEvents_")).toBe(false);
        }
        const metadata = metadataFromHeaders(normalized);
        for (const value of Object.values(metadata)) expect(typeof value).toBe("string");
        const warnings = validateCEHeaders(normalized);
        expect(warnings.length).toBeLessThanOrEqual(CERequiredAttributes.length);
        for (const w of warnings) expect(typeof w).toBe("string");
        expect(typeof hasCEHeaders(headers)).toBe("boolean");
      }),
      runs,
    );
  });

  it("enrichment always fills id, type, source, time, content type and spec version", () => {
    fc.assert(
      fc.property(headerMap, fc.string({ minLength: 1, maxLength: 20 }), (headers, key) => {
        const metadata = enrichLegacyMetadata(metadataFromHeaders(normalizeCEHeaders(headers)), {
          source: "events",
          key,
        });
        for (const field of [
          "id",
          "type",
          "source",
          "timestamp",
          "dataContentType",
          "specVersion",
        ] as const) {
          expect(metadata[field]).not.toBe("");
        }
      }),
      runs,
    );
  });

  it("the NATS header block parser either parses arbitrary wire bytes or throws (which natsflux turns into a DecodeError)", () => {
    const line = fc.oneof(
      fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })).map(([k, v]) => `${k}: ${v}`),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 6 }),
        fc.constantFrom("NATS/1.0", "NATS/1.0 503", "NATS/1.0 408 Timeout", "HTTP/1.1"),
        (lines, status) => {
          const block = new TextEncoder().encode(`${status}\r\n${lines.join("\r\n")}\r\n\r\n`);
          try {
            const parsed = MsgHdrsImpl.decode(block);
            for (const [key, values] of parsed) {
              expect(typeof key).toBe("string");
              expect(Array.isArray(values)).toBe(true);
            }
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
          }
        },
      ),
      runs,
    );
  });
});

describe("fuzz: publish header building", () => {
  it("user headers are refused with a typed error (empty or reserved key) or produce a complete CloudEvents set", () => {
    const userHeaders = fc.dictionary(headerKey, fc.string({ maxLength: 30 }), { maxKeys: 8 });
    fc.assert(
      fc.property(userHeaders, (headers) => {
        let built: Record<string, string>;
        try {
          built = buildPublishHeaders({ serviceName: "fuzz-svc", routingKey: "Fuzz.Key", headers });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidHeaderError);
          expect(error).toBeInstanceOf(ConfigError);
          expect(Object.keys(headers).some((k) => k === "" || k === "service")).toBe(true);
          return;
        }
        expect(built.service).toBe("fuzz-svc");
        for (const key of CERequiredAttributes) expect(built[key]).toBeTruthy();
        expect(validateCEHeaders(built)).toEqual([]);
      }),
      runs,
    );
  });
});
