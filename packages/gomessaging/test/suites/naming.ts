import { describe, expect, it } from "vitest";
import { type FixtureTally, loadFixture, type NamingFixture } from "../../src/fixtures/index.js";
import { natsStreamName, natsSubject } from "../../src/index.js";
import { translateWildcard } from "../../src/naming/nats.js";
import {
  serviceEventQueueName,
  serviceRequestExchangeName,
  serviceRequestQueueName,
  serviceResponseExchangeName,
  serviceResponseQueueName,
  topicExchangeName,
} from "../support/amqp-names.js";

type Inputs = { [K in keyof NamingFixture]: NamingFixture[K][number]["input"] };

// The fixture passes named fields; the functions take them positionally.
const call: { [K in keyof NamingFixture]: (input: Inputs[K]) => string } = {
  topicExchangeName: (i) => topicExchangeName(i.name),
  serviceEventQueueName: (i) => serviceEventQueueName(i.exchangeName, i.service),
  serviceRequestExchangeName: (i) => serviceRequestExchangeName(i.service),
  serviceResponseExchangeName: (i) => serviceResponseExchangeName(i.service),
  serviceRequestQueueName: (i) => serviceRequestQueueName(i.service),
  serviceResponseQueueName: (i) => serviceResponseQueueName(i.targetService, i.serviceName),
  natsStreamName: (i) => natsStreamName(i.name),
  natsSubject: (i) => natsSubject(i.stream, i.routingKey),
  translateWildcard: (i) => translateWildcard(i.routingKey),
};

export function namingSuite(tally: FixtureTally): void {
  const fixture = loadFixture("naming");
  describe("naming.json", () => {
    for (const fn of Object.keys(fixture) as Array<keyof NamingFixture>) {
      describe(fn, () => {
        for (const tc of fixture[fn]) {
          it(`${JSON.stringify(tc.input)} → ${tc.expected}`, () => {
            expect((call[fn] as (input: unknown) => string)(tc.input)).toBe(tc.expected);
            tally.record("naming");
          });
        }
      });
    }
    it("has a function for every fixture section", () => {
      expect(Object.keys(fixture).sort()).toEqual(Object.keys(call).sort());
    });
  });
}
