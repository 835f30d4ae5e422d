import { describe, expect, it } from "vitest";
import {
  CECorrelationID,
  CEDataContentType,
  CEDataSchema,
  CEHeaderPrefix,
  CESpecVersionValue,
  CESubject,
} from "../../src/cloudevents/attributes.js";
import { type CEHeaderSpec, type FixtureTally, loadFixture } from "../../src/fixtures/index.js";
import { CERequiredAttributes, isRFC3339, metadataFromHeaders, validateCEHeaders } from "../../src/index.js";

export function cloudEventsSuite(tally: FixtureTally): void {
  const fixture = loadFixture("cloudevents");
  describe("cloudevents.json", () => {
    describe("validateHeaders", () => {
      for (const tc of fixture.validateHeaders) {
        it(tc.name, () => {
          // Exact strings in exact order, stricter than the fixture's "contains each".
          expect(validateCEHeaders(tc.headers)).toEqual(tc.expectedWarnings);
          tally.record("cloudevents");
        });
      }
    });

    describe("metadataFromHeaders", () => {
      for (const tc of fixture.metadataFromHeaders) {
        it(tc.name, () => {
          expect(metadataFromHeaders(tc.headers)).toEqual(tc.expected);
          tally.record("cloudevents");
        });
      }
    });

    describe("messageFormat", () => {
      const format = fixture.messageFormat;
      it(`header prefix is ${format.headerPrefix}`, () => {
        expect(CEHeaderPrefix).toBe(format.headerPrefix);
        tally.record("cloudevents");
      });
      it("required attributes are CERequiredAttributes, in order", () => {
        expect(format.required.map((r) => r.header)).toEqual(CERequiredAttributes);
        tally.record("cloudevents");
      });
      const exampleChecks: Record<string, (example: string) => void> = {
        "ce-specversion": (example) => expect(example).toBe(CESpecVersionValue),
        "ce-time": (example) => expect(isRFC3339(example)).toBe(true),
        "ce-id": (example) => expect(example).toMatch(/^[0-9a-f-]{36}$/u),
      };
      for (const spec of format.required) {
        it(`required ${spec.header}: MUST, string`, () => {
          expect([spec.conformance, spec.type]).toEqual(["MUST", "string"]);
          if (spec.example !== undefined) exampleChecks[spec.header]?.(spec.example);
          tally.record("cloudevents");
        });
      }
      const known: Record<string, string> = {
        [CEDataContentType]: "optional",
        [CESubject]: "optional",
        [CEDataSchema]: "optional",
        [CECorrelationID]: "extensions",
      };
      const others: Array<[string, CEHeaderSpec]> = [
        ...format.optional.map((s): [string, CEHeaderSpec] => ["optional", s]),
        ...format.extensions.map((s): [string, CEHeaderSpec] => ["extensions", s]),
      ];
      for (const [group, spec] of others) {
        it(`${group} ${spec.header} is an exported constant`, () => {
          expect(known[spec.header]).toBe(group);
          tally.record("cloudevents");
        });
      }
    });
  });
}
