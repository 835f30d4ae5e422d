import { jsonCodec } from "@natsflux/codec-json";
import type {
  Message,
  ProcessOperation,
  PublishOperation,
  RequestOperation,
  StatusEvent,
  Telemetry,
} from "@natsflux/core";
import { waitFor } from "@natsflux/testing/conformance";
import { describe, expect, it } from "vitest";
import {
  MemoryBroker,
  MemoryPublisher,
  MemoryRequester,
  MemoryResponder,
  MemorySubscriber,
} from "../src/index.js";

const json = jsonCodec<unknown>();

describe("telemetry", () => {
  function recording() {
    const calls: Array<
      | { kind: "publish"; op: PublishOperation }
      | { kind: "process"; op: ProcessOperation }
      | { kind: "request"; op: RequestOperation }
    > = [];
    const telemetry: Telemetry = {
      publish: async (op, run) => {
        // A tracer injects its context into the outgoing headers before the message leaves.
        op.headers.traceparent = "00-trace-span-01";
        calls.push({ kind: "publish", op });
        return run();
      },
      process: async (op, run) => {
        calls.push({ kind: "process", op });
        return run();
      },
      request: async (op, run) => {
        op.headers.traceparent = "00-req-span-01";
        calls.push({ kind: "request", op });
        return run();
      },
    };
    return { calls, telemetry };
  }

  it("wraps publish and process, and headers injected by a tracer reach the handler", async () => {
    const broker = new MemoryBroker();
    const { calls, telemetry } = recording();
    const got: Message<unknown>[] = [];
    const subscriber = new MemorySubscriber(broker, json, { telemetry });
    await subscriber.subscribe("orders.*", (m) => void got.push(m), { queue: "billing" });
    await new MemoryPublisher(broker, json, { telemetry }).publish(
      "orders.created",
      { id: 1 },
      {
        headers: { "ce-id": "1" },
      },
    );
    await waitFor(() => got.length === 1);
    expect(got[0]?.headers).toEqual({ "ce-id": "1", traceparent: "00-trace-span-01" });
    expect(calls.map((c) => c.kind)).toEqual(["publish", "process"]);
    expect(calls[0]?.op).toMatchObject({ system: "memory", subject: "orders.created", bodySize: 8 });
    expect(calls[1]?.op).toMatchObject({
      system: "memory",
      subject: "orders.created",
      consumerGroup: "billing",
      bodySize: 8,
      headers: { "ce-id": "1", traceparent: "00-trace-span-01" },
    });
  });

  it("sees handler failures through process", async () => {
    const broker = new MemoryBroker();
    const seen: unknown[] = [];
    const telemetry: Telemetry = {
      publish: (_, run) => run(),
      request: (_, run) => run(),
      process: async (_, run) => {
        try {
          return await run();
        } catch (error) {
          seen.push(error);
          throw error;
        }
      },
    };
    const failure = new Error("boom");
    const events: StatusEvent[] = [];
    await new MemorySubscriber(broker, json, { telemetry }).subscribe(
      "a",
      () => {
        throw failure;
      },
      { onStatus: (e) => events.push(e) },
    );
    await new MemoryPublisher(broker, json).publish("a", 1);
    await waitFor(() => events.length === 1);
    expect(seen).toEqual([failure]);
    expect(events).toEqual([{ type: "handler_error", subject: "a", error: failure }]);
  });

  it("wraps request on the requester and process on the responder", async () => {
    const broker = new MemoryBroker();
    const { calls, telemetry } = recording();
    const seen: Message<unknown>[] = [];
    await new MemoryResponder(broker, json, json, { telemetry }).serve("svc", (m) => {
      seen.push(m);
      return "ok";
    });
    const reply = await new MemoryRequester(broker, json, json, { telemetry }).request("svc", 1);
    expect(reply).toBe("ok");
    expect(calls.map((c) => c.kind)).toEqual(["request", "process"]);
    expect(calls[0]?.op).toMatchObject({ system: "memory", subject: "svc", bodySize: 1 });
    expect(calls[1]?.op).toMatchObject({ subject: "svc", consumerGroup: "natsflux" });
    expect(seen[0]?.headers.traceparent).toBe("00-req-span-01");
  });
});
