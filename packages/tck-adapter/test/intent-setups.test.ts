import { loadFixture } from "@natsflux/gomessaging/fixtures";
import { collectTopology, type Setup } from "@natsflux/messaging";
import { describe, expect, it } from "vitest";
import { type IntentHandlers, planIntent, publisherKey } from "../src/intent-setups.js";
import type { SetupIntent } from "../src/protocol.js";

const handlers: IntentHandlers = { capture: () => {}, answer: () => ({ ok: true }) };

function plan(serviceName: string, intents: readonly SetupIntent[]) {
  const plans = intents.map((intent) => planIntent(intent, handlers));
  const setups = plans.flatMap((p) => (p.setup === undefined ? [] : [p.setup as Setup]));
  return { plans, topology: collectTopology(serviceName, ...setups) };
}

describe("intent → setup mapping (the Go reference adapter's)", () => {
  const { scenarios } = loadFixture("topology");
  for (const scenario of scenarios) {
    const amqpOnly = scenario.setups.some((s) => s.pattern === "queue-publish");
    it.skipIf(amqpOnly)(`topology.json: ${scenario.name}`, () => {
      const { topology } = plan(scenario.serviceName, scenario.setups);
      expect(topology.endpoints).toEqual(scenario.expectedEndpoints.nats);
    });
  }

  it("gives every publish intent its spectest publisher key", () => {
    const intents: SetupIntent[] = [
      { pattern: "event-stream", direction: "publish" },
      { pattern: "custom-stream", direction: "publish", exchange: "audit" },
      { pattern: "service-request", direction: "publish", targetService: "email-svc-1a2b3c4d" },
      { pattern: "service-response", direction: "publish", targetService: "web-app-1a2b3c4d" },
    ];
    const { plans, topology } = plan("svc", intents);
    expect(plans.map((p) => p.publisherKey)).toEqual([
      "event-stream",
      "custom-stream:audit",
      "service-request:email-svc-1a2b3c4d",
      "service-response:web-app-1a2b3c4d",
    ]);
    // A service-response publisher declares nothing on NATS.
    expect(plans[3]?.setup).toBeUndefined();
    expect(topology.endpoints).toHaveLength(3);
    expect(publisherKey({ pattern: "queue-publish", direction: "publish", destinationQueue: "q" })).toBe(
      "queue-publish:q",
    );
  });

  it("honours queueSuffix for custom-stream consumers too (Go ignores it there)", () => {
    const { topology } = plan("backend", [
      {
        pattern: "custom-stream",
        direction: "consume",
        exchange: "audit",
        routingKey: "Audit.Entry",
        queueSuffix: "archive",
      },
      { pattern: "custom-stream", direction: "consume", exchange: "audit", routingKey: "Audit.Other" },
    ]);
    expect(topology.endpoints?.map((e) => e.queueName)).toEqual(["backend-archive", "backend"]);
  });

  it("refuses intents the NATS transport has no setup for", () => {
    expect(() => planIntent({ pattern: "queue-publish", direction: "publish" }, handlers)).toThrow(
      "unsupported intent: pattern=queue-publish direction=publish",
    );
    expect(() => planIntent({ pattern: "event-stream", direction: "sideways" }, handlers)).toThrow(
      "unsupported intent: pattern=event-stream direction=sideways",
    );
  });
});
