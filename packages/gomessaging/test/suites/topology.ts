import { describe, expect, it } from "vitest";
import { type ExpectedEndpoint, type FixtureTally, loadFixture } from "../../src/fixtures/index.js";
import { type Endpoint, type Transport, validate } from "../../src/index.js";
import { amqpBroker, amqpEndpoint, amqpNames, natsBroker, natsEndpoint } from "../support/reference-model.js";

const transports: readonly Transport[] = ["amqp", "nats"];

// What validate() must say about a setup's endpoints: publishers carry no routing key, so every one
// on a non-headers exchange is reported; nothing else in the fixture is wrong.
function expectedValidation(endpoints: readonly Endpoint[]): string | null {
  const errors = endpoints.flatMap((ep, i) =>
    !ep.routingKey && ep.exchangeKind !== "headers"
      ? [`endpoint[${i}]: routing key must not be empty for ${ep.exchangeKind} exchange`]
      : [],
  );
  return errors.length > 0 ? errors.join("\n") : null;
}

function withoutPrefix({ queueNamePrefix: _, ...endpoint }: ExpectedEndpoint): Endpoint {
  return endpoint;
}

export function topologySuite(tally: FixtureTally): void {
  const fixture = loadFixture("topology");
  describe("topology.json", () => {
    for (const scenario of fixture.scenarios) {
      describe(scenario.name, () => {
        const { serviceName, setups } = scenario;
        for (const transport of transports) {
          const expected = scenario.expectedEndpoints[transport];
          const declare = transport === "nats" ? natsEndpoint : amqpEndpoint;

          it(`${transport}: endpoint names follow from the naming functions`, () => {
            expect(setups.map((intent) => declare(serviceName, intent))).toEqual(expected);
            tally.record("topology");
          });

          it(`${transport}: validate() reports exactly the publishers without a routing key`, () => {
            const endpoints = expected.map(withoutPrefix);
            expect(validate({ transport, serviceName, endpoints })).toBe(expectedValidation(endpoints));
            tally.record("topology");
          });
        }

        it("nats: streams and consumers follow from the naming functions", () => {
          expect(natsBroker(serviceName, setups)).toEqual(scenario.broker.nats);
          tally.record("topology");
        });

        it("amqp: exchanges, queues and bindings follow from the naming functions", () => {
          expect(amqpBroker(serviceName, setups)).toEqual(amqpNames(scenario.broker.amqp));
          tally.record("topology");
        });
      });
    }
  });
}
