import { noopTelemetry, type ProcessOperation, RemoteError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type MetricsRecorder, noopMetrics } from "../src/index.js";
import { metricsTelemetry } from "../src/metrics/metrics-telemetry.js";

/** A recorder that writes `method:consumer-or-stream:key` lines. */
function recording() {
  const lines: string[] = [];
  const at = (name: string) => (l: { consumer?: string; stream?: string; routingKey: string }) =>
    void lines.push(`${name}:${l.consumer ?? l.stream}:${l.routingKey}`);
  const recorder: MetricsRecorder = {
    eventReceived: at("received"),
    eventAck: at("ack"),
    eventNak: at("nak"),
    eventWithoutHandler: at("withoutHandler"),
    eventNotParsable: at("notParsable"),
    publishSucceed: at("publishSucceed"),
    publishFailed: at("publishFailed"),
  };
  return { recorder, lines };
}

const core: ProcessOperation = {
  system: "nats",
  subject: "svc.request.Key",
  headers: {},
  bodySize: 1,
  consumerGroup: "svc",
};
const js: ProcessOperation = {
  ...core,
  system: "jetstream",
  subject: "events.Key",
  consumerGroup: "durable",
};

describe("metricsTelemetry", () => {
  it("counts Core NATS messages from process: received, then ack or nak by outcome", async () => {
    const { recorder, lines } = recording();
    const t = metricsTelemetry(recorder);
    await t.process(core, async () => {});
    await expect(t.process(core, async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(lines).toEqual([
      "received:svc:svc.request.Key",
      "ack:svc:svc.request.Key",
      "received:svc:svc.request.Key",
      "nak:svc:svc.request.Key",
    ]);
  });

  it("counts JetStream messages from settled only, rejected ones by reason", async () => {
    const { recorder, lines } = recording();
    const t = metricsTelemetry(recorder);
    await t.process(js, async () => {});
    t.settled?.(js, { decision: { action: "ack" }, durationMs: 1 });
    t.settled?.(js, { decision: { action: "term" }, durationMs: 1 });
    t.settled?.(js, { decision: { action: "term" }, rejected: "unroutable", durationMs: 1 });
    t.settled?.(js, { decision: { action: "term" }, rejected: "undecodable", durationMs: 1 });
    expect(lines).toEqual([
      "received:durable:events.Key",
      "ack:durable:events.Key",
      "received:durable:events.Key",
      "nak:durable:events.Key",
      "received:durable:events.Key",
      "withoutHandler:durable:events.Key",
      "received:durable:events.Key",
      "notParsable:durable:events.Key",
    ]);
  });

  it("counts a request answered with a remote error as published, other failures as failed", async () => {
    const { recorder, lines } = recording();
    const t = metricsTelemetry(recorder, { publishLabels: () => ({ stream: "svc", routingKey: "Key" }) });
    const request = { system: "nats" as const, subject: "svc.request.Key", headers: {}, bodySize: 1 };
    await expect(
      t.request(request, async () => Promise.reject(new RemoteError("svc", "no"))),
    ).rejects.toThrow();
    await expect(t.request(request, async () => Promise.reject(new Error("timeout")))).rejects.toThrow();
    await t.publish({ ...request, system: "jetstream" }, async () => {});
    expect(lines).toEqual(["publishSucceed:svc:Key", "publishFailed:svc:Key", "publishSucceed:svc:Key"]);
  });

  it("never fails a message when the recorder throws, and reports each metric once; no recorder is the no-op", async () => {
    const errors: string[] = [];
    const throwing = {
      ...noopMetrics,
      eventReceived: () => {
        throw new Error("broken");
      },
    };
    const t = metricsTelemetry(throwing, { onError: (_e, metric) => void errors.push(metric) });
    await t.process(core, async () => {});
    await t.process(core, async () => {});
    expect(errors).toEqual(["eventReceived"]);
    expect(metricsTelemetry(noopMetrics)).toBe(noopTelemetry);
  });
});
