import { describe, expect, it } from "vitest";
import { type FixtureTally, loadFixture } from "../../src/fixtures/index.js";
import { validate, validateTopologies } from "../../src/index.js";

function expectOutcome(actual: string | null, expected: string | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toContain(expected);
}

export function validateSuite(tally: FixtureTally): void {
  const fixture = loadFixture("validate");
  describe("validate.json", () => {
    describe("single", () => {
      for (const tc of fixture.single) {
        it(tc.name, () => {
          expectOutcome(validate(tc.topology), tc.expectedError);
          tally.record("validate");
        });
      }
    });
    describe("cross", () => {
      for (const tc of fixture.cross) {
        it(tc.name, () => {
          expectOutcome(validateTopologies(tc.topologies), tc.expectedError);
          tally.record("validate");
        });
      }
    });
  });
}
