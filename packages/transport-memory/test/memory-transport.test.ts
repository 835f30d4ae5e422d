import { jsonCodec } from "@natsflux/codec-json";
import {
  ClosedError,
  ConfigError,
  type Message,
  type ProcessOperation,
  type PublishOperation,
  RemoteError,
  type RequestOperation,
  type StatusEvent,
  type Telemetry,
} from "@natsflux/core";
import { waitFor } from "@natsflux/testing/conformance";
import { describe, expect, it } from "vitest";
import {
  MemoryBroker,
  MemoryPublisher,
  MemoryRequester,
  MemoryResponder,
  MemorySubscriber,
  serviceErrorCodeHeader,
  serviceErrorHeader,
} from "../src/index.js";

const json = jsonCodec<unknown>();

function dropped(events: StatusEvent[]): number {
  return events.reduce((sum, e) => sum + (e.type === "slow_consumer" ? e.dropped : 0), 0);
}

function setup() {
  const broker = new MemoryBroker();
  return {
    broker,
    publisher: new MemoryPublisher(broker, json),
    subscriber: new MemorySubscriber(broker, json),
  };
}

describe("MemorySubscriber", () => {
  it("never calls a handler inside publish()", async () => {
    const { publisher, subscriber } = setup();
    const log: string[] = [];
    await subscriber.subscribe("a", () => void log.push("handled"));
    const publishing = publisher.publish("a", 1);
    log.push("publish returned");
    await publishing;
    await waitFor(() => log.length === 2);
    expect(log).toEqual(["publish returned", "handled"]);
  });

  it("shares messages within a queue group, and plain subscribers get them all", async () => {
    const { publisher, subscriber } = setup();
    const got: Record<string, unknown[]> = { a: [], b: [], plain: [] };
    await subscriber.subscribe("jobs.*", (m) => void got.a?.push(m.payload), { queue: "workers" });
    await subscriber.subscribe("jobs.*", (m) => void got.b?.push(m.payload), { queue: "workers" });
    await subscriber.subscribe("jobs.*", (m) => void got.plain?.push(m.payload));
    for (let i = 0; i < 6; i++) await publisher.publish("jobs.run", i);
    await waitFor(() => got.plain?.length === 6 && (got.a?.length ?? 0) + (got.b?.length ?? 0) === 6);
    expect(got).toEqual({ a: [0, 2, 4], b: [1, 3, 5], plain: [0, 1, 2, 3, 4, 5] });
  });

  it("drops beyond maxPending in handler mode and reports slow_consumer", async () => {
    const { publisher, subscriber } = setup();
    const events: StatusEvent[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: unknown[] = [];
    await subscriber.subscribe(
      "busy",
      async (m) => {
        seen.push(m.payload);
        await gate;
      },
      { maxPending: 2, onStatus: (e) => events.push(e) },
    );
    for (let i = 0; i < 5; i++) await publisher.publish("busy", i);
    await waitFor(() => dropped(events) === 3);
    expect(events.every((e) => e.type === "slow_consumer" && e.subject === "busy")).toBe(true);
    release();
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([0, 1]);
  });

  it("drops when a stream's buffer is full and reports slow_consumer", async () => {
    const { publisher, subscriber } = setup();
    const events: StatusEvent[] = [];
    const stream = await subscriber.messages("fast", { bufferSize: 2, onStatus: (e) => events.push(e) });
    for (let i = 0; i < 5; i++) await publisher.publish("fast", i);
    await waitFor(() => dropped(events) === 3);
    expect(events.every((e) => e.type === "slow_consumer" && e.subject === "fast")).toBe(true);
    const seen: unknown[] = [];
    for await (const m of stream) {
      seen.push(m.payload);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([0, 1]);
  });

  it("messages() joins a queue group too", async () => {
    const { publisher, subscriber } = setup();
    const a = await subscriber.messages("q", { queue: "g" });
    const b = await subscriber.messages("q", { queue: "g" });
    await publisher.publish("q", "first");
    await publisher.publish("q", "second");
    const first = await a[Symbol.asyncIterator]().next();
    const second = await b[Symbol.asyncIterator]().next();
    expect([first.value?.payload, second.value?.payload]).toEqual(["first", "second"]);
    await subscriber.close();
  });

  it("refuses invalid subjects and options with ConfigError", async () => {
    const { subscriber } = setup();
    await expect(subscriber.subscribe("a..b", () => {})).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a.>.b", () => {})).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a", () => {}, { queue: "a b" })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a", () => {}, { concurrency: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.subscribe("a", () => {}, { maxPending: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(subscriber.messages("a", { bufferSize: 0 })).rejects.toBeInstanceOf(ConfigError);
  });

  it("drain() delivers messages still in transit; stop() drops them", async () => {
    const { publisher, subscriber } = setup();
    const drained: unknown[] = [];
    const stopped: unknown[] = [];
    const a = await subscriber.subscribe("d", (m) => void drained.push(m.payload));
    const b = await subscriber.subscribe("d", (m) => void stopped.push(m.payload));
    // Not awaited: the messages are routed but not yet delivered when drain/stop run.
    const sent = [publisher.publish("d", 1), publisher.publish("d", 2)];
    await Promise.all([a.drain(), b.stop(), ...sent]);
    expect(drained).toEqual([1, 2]);
    expect(stopped).toEqual([]);
  });

  it("leaves no broker subscription behind once closed", async () => {
    const { broker, subscriber } = setup();
    await subscriber.subscribe("a", () => {});
    await subscriber.messages("b");
    const stopped = await subscriber.subscribe("c", () => {});
    expect(broker.subscriptionCount).toBe(3);
    await stopped.stop();
    expect(broker.subscriptionCount).toBe(2);
    await subscriber.close();
    expect(broker.subscriptionCount).toBe(0);
  });
});

describe("slow consumer reports", () => {
  it("coalesce the drops of one burst into one event", async () => {
    const broker = new MemoryBroker();
    const events: StatusEvent[] = [];
    await new MemorySubscriber(broker, json).messages("burst", {
      bufferSize: 1,
      onStatus: (e) => events.push(e),
    });
    // Published in one synchronous burst, so all deliveries land in the same microtask run.
    for (let i = 0; i < 4; i++) broker.publish({ subject: "burst", data: json.encode(i), headers: {} });
    await waitFor(() => events.length > 0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([{ type: "slow_consumer", subject: "burst", dropped: 3 }]);
  });
});

describe("MemoryPublisher", () => {
  it("refuses wildcard subjects and headers a NATS connection would refuse", async () => {
    const { publisher } = setup();
    await expect(publisher.publish("a.*", 1)).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("a.>", 1)).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("a", 1, { headers: { "bad key": "v" } })).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(publisher.publish("a", 1, { headers: { "a:b": "v" } })).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("a", 1, { headers: { "": "v" } })).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("a", 1, { headers: { k: "line\r\nbreak" } })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });

  it("trims header values as the NATS wire does", async () => {
    const { publisher, subscriber } = setup();
    const got: Message<unknown>[] = [];
    await subscriber.subscribe("a", (m) => void got.push(m));
    await publisher.publish("a", 1, { headers: { "X-Pad": "  value  " } });
    await waitFor(() => got.length === 1);
    expect(got[0]?.headers).toEqual({ "X-Pad": "value" });
  });
});

describe("request-reply on the wire", () => {
  it("an error reply is an empty body with the micro-protocol headers", async () => {
    const broker = new MemoryBroker();
    await new MemoryResponder(broker, json, json).serve("svc", () => {
      throw new Error("line one\nline two");
    });
    const replies: Message<unknown>[] = [];
    const raw: { data: Uint8Array; headers: Readonly<Record<string, string>> }[] = [];
    const inbox = broker.inbox();
    broker.subscribe(inbox, (m) => raw.push(m));
    broker.publish({ subject: "svc", data: json.encode(1), headers: {}, reply: inbox });
    await waitFor(() => raw.length === 1);
    expect(raw[0]?.data.length).toBe(0);
    expect(raw[0]?.headers).toEqual({
      [serviceErrorHeader]: "line one line two",
      [serviceErrorCodeHeader]: "500",
    });
    expect(replies).toEqual([]);
  });

  it("a requester understands error replies from any responder speaking the micro protocol", async () => {
    const broker = new MemoryBroker();
    broker.subscribe("legacy", (m) => {
      broker.publish({
        subject: m.reply ?? "",
        data: new Uint8Array(),
        headers: { [serviceErrorHeader]: "not allowed", [serviceErrorCodeHeader]: "403" },
      });
    });
    const error = await new MemoryRequester(broker, json, json).request("legacy", 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ status: 403, remoteMessage: "not allowed" });
  });

  it("a responder also reports its failures as handler_error", async () => {
    const broker = new MemoryBroker();
    const events: StatusEvent[] = [];
    const failure = new Error("boom");
    await new MemoryResponder(broker, json, json).serve(
      "svc",
      () => {
        throw failure;
      },
      { onStatus: (e) => events.push(e) },
    );
    await expect(new MemoryRequester(broker, json, json).request("svc", 1)).rejects.toBeInstanceOf(
      RemoteError,
    );
    await waitFor(() => events.length === 1);
    expect(events).toEqual([{ type: "handler_error", subject: "svc", error: failure }]);
  });

  it("closing a requester rejects the requests still waiting with ClosedError", async () => {
    const broker = new MemoryBroker();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const responder = new MemoryResponder(broker, json, json);
    await responder.serve("slow", async () => {
      await gate;
      return 1;
    });
    const requester = new MemoryRequester(broker, json, json);
    const pending = requester.request("slow", 1);
    await requester.close();
    await expect(pending).rejects.toBeInstanceOf(ClosedError);
    release();
    await responder.close();
    expect(broker.subscriptionCount).toBe(0);
  });

  it("uses the requester's default timeout and refuses an invalid one", async () => {
    const broker = new MemoryBroker();
    expect(() => new MemoryRequester(broker, json, json, { timeout: 0 })).toThrow(ConfigError);
    await new MemoryResponder(broker, json, json).serve("never", () => new Promise(() => {}));
    const error = await new MemoryRequester(broker, json, json, { timeout: 30 })
      .request("never", 1)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TIMEOUT", timeoutMs: 30 });
  });
});

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
