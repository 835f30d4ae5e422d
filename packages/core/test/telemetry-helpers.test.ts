import { describe, expect, it } from "vitest";
import {
  combineTelemetry,
  labelOperations,
  noopTelemetry,
  type ProcessOperation,
  type PublishOperation,
  type Settlement,
  type Telemetry,
} from "../src/index.js";

const publishOp: PublishOperation = {
  system: "jetstream",
  subject: "orders.created",
  headers: {},
  bodySize: 3,
  attributes: { kept: 1 },
};
const processOp: ProcessOperation = {
  system: "jetstream",
  subject: "orders.created",
  headers: {},
  bodySize: 3,
};
const settlement: Settlement = { decision: { action: "ack" }, durationMs: 1 };

/** Records the operations it sees, in order, tagged with its name. */
function recorder(tag: string, log: string[], seen: unknown[] = []): Telemetry {
  return {
    publish: (operation, run) => {
      log.push(`${tag}:publish`);
      seen.push(operation);
      return run();
    },
    process: (operation, run) => {
      log.push(`${tag}:process`);
      seen.push(operation);
      return run();
    },
    request: (operation, run) => {
      log.push(`${tag}:request`);
      seen.push(operation);
      return run();
    },
    settled: (operation) => {
      log.push(`${tag}:settled`);
      seen.push(operation);
    },
  };
}

describe("labelOperations", () => {
  it("fills name and merges attributes, keeping the headers object", async () => {
    const seen: PublishOperation[] = [];
    const labelled = labelOperations(recorder("t", [], seen), {
      publish: (op) => ({ name: `publish ${op.subject}`, attributes: { extra: "x", kept: 2 } }),
    });
    await expect(labelled.publish(publishOp, async () => 42)).resolves.toBe(42);
    expect(seen[0]?.name).toBe("publish orders.created");
    expect(seen[0]?.attributes).toEqual({ kept: 2, extra: "x" });
    expect(seen[0]?.headers).toBe(publishOp.headers);
    expect(publishOp.name).toBeUndefined();
  });

  it("passes an operation through unchanged when the labeller returns undefined or is missing", async () => {
    const seen: unknown[] = [];
    const labelled = labelOperations(recorder("t", [], seen), { process: () => undefined });
    await labelled.process(processOp, async () => {});
    await labelled.publish(publishOp, async () => {});
    expect(seen).toEqual([processOp, publishOp]);
  });

  it("labels settled like process, and keeps the no-op the no-op", () => {
    const seen: ProcessOperation[] = [];
    const labelled = labelOperations(recorder("t", [], seen), { process: () => ({ name: "n" }) });
    labelled.settled?.(processOp, settlement);
    expect(seen[0]?.name).toBe("n");
    expect(labelOperations(noopTelemetry, { process: () => ({ name: "n" }) })).toBe(noopTelemetry);
    expect(labelOperations({ ...noopTelemetry }, {}).settled).toBeUndefined();
  });
});

describe("combineTelemetry", () => {
  it("nests the hooks in order and tells every hook about settlements", async () => {
    const log: string[] = [];
    const combined = combineTelemetry(recorder("a", log), noopTelemetry, recorder("b", log));
    await combined.publish(publishOp, async () => log.push("run"));
    await combined.request({ ...publishOp, system: "nats" }, async () => log.push("run"));
    combined.settled?.(processOp, settlement);
    expect(log).toEqual([
      "a:publish",
      "b:publish",
      "run",
      "a:request",
      "b:request",
      "run",
      "a:settled",
      "b:settled",
    ]);
  });

  it("returns the only hook, or the no-op when there is none", () => {
    const only = recorder("a", []);
    expect(combineTelemetry(undefined, only, noopTelemetry)).toBe(only);
    expect(combineTelemetry()).toBe(noopTelemetry);
  });

  it("keeps settled when only one hook has it", () => {
    const log: string[] = [];
    const combined = combineTelemetry({ ...noopTelemetry }, recorder("b", log));
    combined.settled?.(processOp, settlement);
    expect(log).toEqual(["b:settled"]);
  });
});

describe("combineTelemetry trace context", () => {
  it("hands run the innermost trace context any hook supplied", async () => {
    const tracer = (tag: string): Telemetry => ({
      ...noopTelemetry,
      process: (_operation, run) => run(tag),
    });
    const seen: unknown[] = [];
    await combineTelemetry(tracer("outer"), { ...noopTelemetry }).process(processOp, async (c) => {
      seen.push(c);
    });
    await combineTelemetry(tracer("outer"), tracer("inner")).process(processOp, async (c) => {
      seen.push(c);
    });
    expect(seen).toEqual(["outer", "inner"]);
  });
});
