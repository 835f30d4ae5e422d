import { afterEach, beforeEach, describe } from "vitest";
import { cancellationTests } from "./cancellation.js";
import { codecErrorTests } from "./codec-errors.js";
import { concurrencyTests } from "./concurrency.js";
import { deliveryTests } from "./delivery.js";
import { handlerErrorTests } from "./handler-errors.js";
import { Harness } from "./harness.js";
import { headerRuleTests } from "./header-rules.js";
import { headerTests } from "./headers.js";
import { lifecycleTests } from "./lifecycle.js";
import { requestReplyTests } from "./request-reply.js";
import { slowConsumerTests } from "./slow-consumer.js";
import { streamTests } from "./stream.js";
import type { ConformanceTarget } from "./types.js";
import { wildcardTests } from "./wildcards.js";

/**
 * Registers the transport conformance suite (vitest describe/it blocks) for `target`. Every test gets a
 * fresh context from `target.setup()`; what a test creates through it is closed before `teardown()`.
 */
export function describeTransportConformance(target: ConformanceTarget): void {
  describe(`transport conformance: ${target.name}`, () => {
    const h = new Harness(target);
    beforeEach(() => h.setup());
    afterEach(() => h.teardown());

    deliveryTests(h);
    wildcardTests(h);
    headerTests(h);
    headerRuleTests(h);
    codecErrorTests(h);
    handlerErrorTests(h);
    concurrencyTests(h);
    streamTests(h);
    requestReplyTests(h);
    cancellationTests(h);
    lifecycleTests(h);
    slowConsumerTests(h);
  });
}
