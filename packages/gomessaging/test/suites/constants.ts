import { describe, expect, it } from "vitest";
import {
  CECorrelationID,
  CEDataContentType,
  CEDataSchema,
  CESource,
  CESpecVersion,
  CESpecVersionValue,
  CESubject,
  CETime,
  CEType,
} from "../../src/cloudevents/attributes.js";
import { type FixtureTally, loadFixture } from "../../src/fixtures/index.js";
import {
  CEID,
  DefaultEventExchangeName,
  Directions,
  ExchangeKinds,
  Patterns,
  Transports,
} from "../../src/index.js";

// Our exports arranged like constants.json, so each fixture leaf has one counterpart.
const exported: Record<string, unknown> = {
  defaultEventExchangeName: DefaultEventExchangeName,
  exchangeKinds: ExchangeKinds,
  directions: Directions,
  patterns: Patterns,
  transports: Transports,
  cloudEvents: {
    correlationId: CECorrelationID,
    dataContentType: CEDataContentType,
    dataSchema: CEDataSchema,
    id: CEID,
    source: CESource,
    specVersion: CESpecVersion,
    specVersionValue: CESpecVersionValue,
    subject: CESubject,
    time: CETime,
    type: CEType,
  },
};

function leaves(value: unknown, path: string[] = []): Array<[string[], unknown]> {
  if (typeof value !== "object" || value === null) return [[path, value]];
  return Object.entries(value).flatMap(([key, v]) => leaves(v, [...path, key]));
}

function at(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
}

export function constantsSuite(tally: FixtureTally): void {
  const fixture = loadFixture("constants");
  describe("constants.json", () => {
    for (const [path, value] of leaves(fixture)) {
      it(`${path.join(".")} = ${JSON.stringify(value)}`, () => {
        expect(at(exported, path)).toBe(value);
        tally.record("constants");
      });
    }
    it("exports nothing the fixture does not list", () => {
      const paths = (value: unknown): string[] =>
        leaves(value)
          .map(([p]) => p.join("."))
          .sort();
      expect(paths(exported)).toEqual(paths(fixture));
    });
  });
}
