import { type NatsConnection, headers as natsHeaders } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import {
  AbortedError,
  ClosedError,
  ConfigError,
  DecodeError,
  EncodeError,
  NoRespondersError,
  noopTelemetry,
  type ProcessOperation,
  RemoteError,
  type ReplyView,
  type RequestOperation,
  type ServiceFailure,
  serviceErrorCodeHeader,
  serviceErrorHeader,
  type Telemetry,
  TimeoutError,
} from "@natsflux/core";
import { type NatsServer, uniqueName } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import { NatsRequester, NatsResponder } from "../src/index.js";
import { gate, statusLog, until, useCoreNatsServer } from "./support.js";

interface Sum {
  a: number;
  b: number;
}

const sumCodec = jsonCodec<Sum>();
const numberCodec = jsonCodec<number>();
const bodyCodec = jsonCodec<{ error: string }>();

function withHeader(key: string, value: string) {
  const h = natsHeaders();
  h.set(key, value);
  return h;
}
let server: NatsServer;
let nc: NatsConnection;

useCoreNatsServer((s, c) => {
  server = s;
  nc = c;
});

describe("NatsRequester + NatsResponder", () => {
  it("resolves with the typed reply", async () => {
    const subject = uniqueName("rr.sum");
    const responder = new NatsResponder(nc, sumCodec, numberCodec);
    await responder.serve(subject, ({ payload }) => payload.a + payload.b);
    const requester = new NatsRequester(nc, sumCodec, numberCodec);
    await expect(requester.request(subject, { a: 2, b: 40 })).resolves.toBe(42);
    await requester.close();
    await responder.close();
  });

  it("hands request headers to the handler with their exact case", async () => {
    const subject = uniqueName("rr.headers");
    const responder = new NatsResponder(nc, sumCodec, jsonCodec<Record<string, string>>());
    await responder.serve(subject, (m) => ({ ...m.headers }));
    const requester = new NatsRequester(nc, sumCodec, jsonCodec<Record<string, string>>());
    const echoed = await requester.request(
      subject,
      { a: 1, b: 1 },
      { headers: { "ce-id": "1", "X-Up": "2" } },
    );
    expect(echoed).toEqual({ "ce-id": "1", "X-Up": "2" });
    await requester.close();
    await responder.close();
  });

  it("shares requests between 3 responders in the default queue group, each request once", async () => {
    const subject = uniqueName("rr.queue");
    const handledBy = new Map<number, number[]>();
    const responders = [0, 1, 2].map(() => new NatsResponder(nc, numberCodec, numberCodec));
    for (const [index, responder] of responders.entries()) {
      await responder.serve(subject, ({ payload }) => {
        handledBy.set(payload, [...(handledBy.get(payload) ?? []), index]);
        return index;
      });
    }
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => requester.request(subject, i)));
    const perResponder = [0, 1, 2].map((index) => answers.filter((a) => a === index).length);
    for (const count of perResponder) expect(count).toBeGreaterThan(0);
    expect(perResponder.reduce((a, b) => a + b, 0)).toBe(300);
    expect(handledBy.size).toBe(300);
    for (const indexes of handledBy.values()) expect(indexes).toHaveLength(1);
    await requester.close();
    for (const responder of responders) await responder.close();
  });

  it("with queue: false, every responder receives every request", async () => {
    const subject = uniqueName("rr.noqueue");
    let calls = 0;
    const responders = [0, 1].map(() => new NatsResponder(nc, numberCodec, numberCodec));
    for (const responder of responders) {
      await responder.serve(
        subject,
        () => {
          calls++;
          return 1;
        },
        { queue: false },
      );
    }
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    await requester.request(subject, 1);
    await until(() => calls === 2, "both responders");
    await requester.close();
    for (const responder of responders) await responder.close();
  });

  it("rejects with NoRespondersError at once when nobody listens", async () => {
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const subject = uniqueName("rr.nobody");
    const started = performance.now();
    const error = await requester.request(subject, 1, { timeout: 5000 }).catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(NoRespondersError);
    expect((error as NoRespondersError).subject).toBe(subject);
    expect(elapsed).toBeLessThan(100);
    await requester.close();
  });

  it("rejects with TimeoutError when the responder is too slow", async () => {
    const subject = uniqueName("rr.slow");
    const release = gate();
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    await responder.serve(subject, async () => {
      await release.promise;
      return 1;
    });
    const requester = new NatsRequester(nc, numberCodec, numberCodec, { timeout: 100 });
    const started = performance.now();
    const error = await requester.request(subject, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ subject, timeoutMs: 100 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    const perCall = await requester.request(subject, 1, { timeout: 50 }).catch((e: unknown) => e);
    expect(perCall).toMatchObject({ code: "TIMEOUT", timeoutMs: 50 });
    release.open();
    await requester.close();
    await responder.close();
  });

  it("rejects with AbortedError as soon as the signal fires", async () => {
    const subject = uniqueName("rr.abort");
    const release = gate();
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    const served = await responder.serve(subject, async () => {
      await release.promise;
      return 1;
    });
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const controller = new AbortController();
    const pending = requester.request(subject, 1, { signal: controller.signal });
    await until(() => served.inFlight === 1, "the request to reach the handler");
    const started = performance.now();
    controller.abort(new Error("user went away"));
    const error = await pending.catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(100);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as Error).message).toContain("user went away");
    await expect(requester.request(subject, 1, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortedError,
    );
    release.open();
    await requester.close();
    await responder.close();
  });

  it("delivers a handler error to the caller as RemoteError with its message and status 500", async () => {
    const subject = uniqueName("rr.fail");
    const log = statusLog();
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    await responder.serve(
      subject,
      ({ payload }) => {
        if (payload < 0) throw new Error("negative input\nis not allowed");
        return payload;
      },
      { onStatus: log.listener },
    );
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const started = performance.now();
    const error = await requester.request(subject, -1).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ subject, status: 500, remoteMessage: "negative input is not allowed" });
    expect(log.events).toHaveLength(1);
    expect(log.events[0]).toMatchObject({ type: "handler_error", subject });
    // The responder keeps serving.
    await expect(requester.request(subject, 5)).resolves.toBe(5);
    await requester.close();
    await responder.close();
  });

  it("answers an undecodable request with a 400 error reply", async () => {
    const subject = uniqueName("rr.garbage");
    const log = statusLog();
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    await responder.serve(subject, ({ payload }) => payload, { onStatus: log.listener });
    const reply = await nc.request(subject, "{{ not json", { timeout: 2000 });
    expect(reply.data).toHaveLength(0);
    expect(reply.headers?.get(serviceErrorCodeHeader)).toBe("400");
    expect(reply.headers?.get(serviceErrorHeader)).toContain("could not decode");
    expect((log.events[0] as { error: unknown }).error).toBeInstanceOf(DecodeError);
    await responder.close();
  });

  it("reports failures of requests without a reply subject, sending nothing", async () => {
    const subject = uniqueName("rr.noreply");
    const log = statusLog();
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    await responder.serve(
      subject,
      () => {
        throw new Error("nobody will hear this");
      },
      { onStatus: log.listener },
    );
    nc.publish(subject, "1");
    await until(() => log.events.length === 1, "the handler error");
    expect(log.events[0]).toMatchObject({ type: "handler_error", subject });
    await responder.close();
  });

  it("answers an unencodable response with an error reply", async () => {
    const subject = uniqueName("rr.unencodable");
    const responder = new NatsResponder(nc, numberCodec, jsonCodec<unknown>());
    await responder.serve(subject, () => undefined);
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const error = await requester.request(subject, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).remoteMessage).toContain("could not encode");
    await requester.close();
    await responder.close();
  });

  it("shapes error replies with errorReply, and the requester recognises them with its errorReply", async () => {
    const subject = uniqueName("rr.custom-error");
    const seen: ServiceFailure[] = [];
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    await responder.serve(
      subject,
      () => {
        throw new Error("out of stock");
      },
      {
        errorReply: (failure) => {
          seen.push(failure);
          return {
            data: bodyCodec.encode({ error: String(failure.status) }),
            headers: { "X-Failed": "yes" },
          };
        },
      },
    );
    const raw = await nc.request(subject, "1", { timeout: 2000, headers: withHeader("ce-id", "r-1") });
    expect(bodyCodec.decode(raw.data)).toEqual({ error: "500" });
    expect(raw.headers?.get("X-Failed")).toBe("yes");
    expect(raw.headers?.get(serviceErrorHeader)).toBe("");
    expect(seen[0]).toMatchObject({ status: 500, subject, headers: { "ce-id": "r-1" } });
    expect(seen[0]?.error).toMatchObject({ message: "out of stock" });

    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const errorReply = (reply: ReplyView) =>
      reply.header("X-Failed")
        ? new RemoteError(reply.subject, bodyCodec.decode(reply.data).error)
        : undefined;
    await expect(requester.request(subject, 1, { errorReply })).rejects.toMatchObject({
      name: "RemoteError",
      remoteMessage: "500",
    });
    // Without it the custom reply is an ordinary reply, handed to the response codec.
    await expect(requester.request(subject, 1)).resolves.toEqual({ error: "500" });
    await requester.close();
    await responder.close();
  });

  it("falls back to the micro-protocol reply when errorReply throws, and reports the encoder's failure", async () => {
    const subject = uniqueName("rr.encoder-throws");
    const log = statusLog();
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    const broken = new Error("encoder broke");
    await responder.serve(
      subject,
      () => {
        throw new Error("handler broke");
      },
      {
        onStatus: log.listener,
        errorReply: () => {
          throw broken;
        },
      },
    );
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    await expect(requester.request(subject, 1)).rejects.toMatchObject({ remoteMessage: "handler broke" });
    expect(log.events.map((e) => e.type).sort()).toEqual(["error", "handler_error"]);
    expect(log.events.find((e) => e.type === "error")).toMatchObject({ error: broken });
    await requester.close();
    await responder.close();
  });

  it("understands micro-protocol error replies from any responder", async () => {
    const subject = uniqueName("rr.micro");
    nc.subscribe(subject, {
      callback: (_err, msg) => {
        const h = natsHeaders();
        h.set(serviceErrorHeader, "quota exceeded");
        h.set(serviceErrorCodeHeader, "429");
        msg.respond(new Uint8Array(0), { headers: h });
      },
    });
    await nc.flush();
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    await expect(requester.request(subject, 1)).rejects.toMatchObject({
      name: "RemoteError",
      status: 429,
      remoteMessage: "quota exceeded",
    });
    await requester.close();
  });

  it("rejects a reply it cannot decode with DecodeError", async () => {
    const subject = uniqueName("rr.badreply");
    nc.subscribe(subject, { callback: (_err, msg) => void msg.respond("definitely not json") });
    await nc.flush();
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const error = await requester.request(subject, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).subject).toBe(subject);
    await requester.close();
  });

  it("validates arguments and encodes before sending", async () => {
    const requester = new NatsRequester(nc, jsonCodec<unknown>(), numberCodec);
    await expect(requester.request("rr.x", 1, { timeout: 0 })).rejects.toBeInstanceOf(ConfigError);
    await expect(requester.request("rr.x", Symbol("no"))).rejects.toBeInstanceOf(EncodeError);
    await expect(requester.request("", 1)).rejects.toBeInstanceOf(ConfigError);
    expect(() => new NatsRequester(nc, numberCodec, numberCodec, { timeout: -1 })).toThrow(ConfigError);
    await requester.close();
  });

  it("requester close() refuses new requests and releases the ones in flight with ClosedError", async () => {
    const subject = uniqueName("rr.close");
    const held = gate();
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    const sub = await responder.serve(subject, async ({ payload }) => {
      await held.promise;
      return payload;
    });
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const pending = requester.request(subject, 3);
    await until(() => sub.inFlight === 1, "the request reached the handler");
    const closing = requester.close();
    expect(requester.close()).toBe(closing);
    await expect(requester.request(subject, 1)).rejects.toBeInstanceOf(ClosedError);
    await closing;
    await expect(pending).rejects.toBeInstanceOf(ClosedError);
    held.open();
    await responder.close();
  });

  it("responder close() answers requests already received before resolving", async () => {
    const subject = uniqueName("rr.drain");
    const responder = new NatsResponder(nc, numberCodec, numberCodec);
    const held = gate();
    const sub = await responder.serve(subject, async ({ payload }) => {
      await held.promise;
      return payload * 10;
    });
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    const pending = [1, 2, 3].map((n) => requester.request(subject, n));
    await until(() => sub.inFlight === 1, "a request in flight");
    await nc.flush(); // one connection for both: its PONG follows the delivery of all 3 requests
    const closing = responder.close();
    held.open();
    await closing;
    await expect(Promise.all(pending)).resolves.toEqual([10, 20, 30]);
    await expect(responder.serve(subject, () => 1)).rejects.toBeInstanceOf(ClosedError);
    await expect(requester.request(subject, 1)).rejects.toBeInstanceOf(NoRespondersError);
    await requester.close();
  });

  it("fails with ClosedError when the connection is closed", async () => {
    const conn = await connect({ servers: server.url });
    const requester = new NatsRequester(conn, numberCodec, numberCodec);
    await conn.close();
    await expect(requester.request("rr.gone", 1)).rejects.toBeInstanceOf(ClosedError);
    await requester.close();
  });

  it("runs requests and handlers inside the telemetry hooks", async () => {
    const subject = uniqueName("rr.telemetry");
    const requests: RequestOperation[] = [];
    const processed: ProcessOperation[] = [];
    const telemetry: Telemetry = {
      ...noopTelemetry,
      request: (operation, run) => {
        requests.push({ ...operation, headers: { ...operation.headers } });
        operation.headers.traceparent = "00-abc";
        return run();
      },
      process: (operation, run) => {
        processed.push(operation);
        return run();
      },
    };
    const responder = new NatsResponder(nc, numberCodec, jsonCodec<string>(), { telemetry });
    await responder.serve(subject, (m) => m.headers.traceparent ?? "none");
    const requester = new NatsRequester(nc, numberCodec, jsonCodec<string>(), { telemetry });
    await expect(requester.request(subject, 1)).resolves.toBe("00-abc");
    expect(requests).toEqual([{ system: "nats", subject, headers: {}, bodySize: 1 }]);
    expect(processed).toEqual([
      { system: "nats", subject, headers: { traceparent: "00-abc" }, bodySize: 1, consumerGroup: "natsflux" },
    ]);
    await requester.close();
    await responder.close();
  });

  it("tells the process hook how each request ended and hands the handler its trace context", async () => {
    const subject = uniqueName("rr.outcome");
    const outcomes: string[] = [];
    const telemetry: Telemetry = {
      ...noopTelemetry,
      process: (_operation, run) =>
        run("trace-ctx").then(
          (value) => {
            outcomes.push("ok");
            return value;
          },
          (error: unknown) => {
            outcomes.push(`failed: ${(error as Error).name}`);
            throw error;
          },
        ),
    };
    const contexts: unknown[] = [];
    const responder = new NatsResponder(nc, numberCodec, numberCodec, { telemetry });
    await responder.serve(subject, ({ payload }, context) => {
      contexts.push(context.traceContext);
      if (payload < 0) throw new RangeError("negative");
      return payload;
    });
    const requester = new NatsRequester(nc, numberCodec, numberCodec);
    await expect(requester.request(subject, 2)).resolves.toBe(2);
    await expect(requester.request(subject, -1)).rejects.toBeInstanceOf(RemoteError);
    const garbage = await nc.request(subject, "{{", { timeout: 2000 });
    expect(garbage.headers?.get(serviceErrorCodeHeader)).toBe("400");
    await until(() => outcomes.length === 3, "three outcomes");
    expect(outcomes).toEqual(["ok", "failed: RangeError", "failed: DecodeError"]);
    expect(contexts).toEqual(["trace-ctx", "trace-ctx"]);
    await requester.close();
    await responder.close();
  });
});
