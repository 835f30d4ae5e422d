import { describe, expect, it } from "vitest";
import { type FixtureTally, loadFixture } from "../../src/fixtures/index.js";
import {
  assertRoutingKey,
  DefaultEventExchangeName,
  Directions,
  natsConsumerFilterSubject,
  Patterns,
} from "../../src/index.js";

// The TCK scenarios run in the transport packages; here they only check that their intents are
// well-formed for the spec and that every consumed key is one the NATS validators accept.
export function tckSuite(tally: FixtureTally): void {
  const fixture = loadFixture("tck");
  const patterns: readonly string[] = Object.values(Patterns);
  const directions: readonly string[] = Object.values(Directions);
  describe("tck.json", () => {
    for (const scenario of fixture.scenarios) {
      it(`${scenario.name}: intents are well-formed`, () => {
        const intents = Object.values(scenario.services).flatMap((s) => s.setups);
        expect(intents.length).toBeGreaterThan(0);
        for (const intent of intents) {
          expect(patterns).toContain(intent.pattern);
          expect(directions).toContain(intent.direction);
          if (intent.direction === "consume") {
            const routingKey = intent.routingKey ?? "";
            expect(() => assertRoutingKey(routingKey)).not.toThrow();
            expect(natsConsumerFilterSubject(DefaultEventExchangeName, routingKey)).not.toMatch(/\.\.|\.$/u);
          }
        }
        tally.record("tck");
      });
    }
  });
}
