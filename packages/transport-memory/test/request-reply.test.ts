import { jsonCodec } from "@natsflux/codec-json";
import {
  ClosedError,
  ConfigError,
  RemoteError,
  type ReplyView,
  type ServiceFailure,
  type StatusEvent,
  serviceErrorCodeHeader,
  serviceErrorHeader,
} from "@natsflux/core";
import { waitFor } from "@natsflux/testing/conformance";
import { describe, expect, it } from "vitest";
import { MemoryBroker, MemoryRequester, MemoryResponder } from "../src/index.js";

const json = jsonCodec<unknown>();

describe("request-reply on the wire", () => {
  it("an error reply is an empty body with the micro-protocol headers", async () => {
    const broker = new MemoryBroker();
    await new MemoryResponder(broker, json, json).serve("svc", () => {
      throw new Error("line one\nline two");
    });
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

  it("errorReply shapes the responder's error replies and lets the requester recognise them", async () => {
    const broker = new MemoryBroker();
    const seen: ServiceFailure[] = [];
    await new MemoryResponder(broker, json, json).serve("svc", () => 1, {
      errorReply: (failure) => {
        seen.push(failure);
        return { data: json.encode({ error: "bad input" }), headers: { "X-Failed": "yes" } };
      },
    });
    const requester = new MemoryRequester(broker, json, json);
    const errorReply = (reply: ReplyView) =>
      reply.header("X-Failed") === "yes" ? new RemoteError(reply.subject, "bad input", 400) : undefined;
    const garbage = new TextEncoder().encode("{nope");
    const raw: { data: Uint8Array; headers: Readonly<Record<string, string>> }[] = [];
    const inbox = broker.inbox();
    broker.subscribe(inbox, (m) => raw.push(m));
    broker.publish({ subject: "svc", data: garbage, headers: { a: "b" }, reply: inbox });
    await waitFor(() => raw.length === 1);
    expect(json.decode(raw[0]?.data ?? new Uint8Array())).toEqual({ error: "bad input" });
    expect(seen[0]).toMatchObject({ status: 400, subject: "svc", headers: { a: "b" } });
    // The requester's own codec turns a failure into an undecodable reply here, so check a plain one first.
    await expect(requester.request("svc", 1, { errorReply })).resolves.toBe(1);
    broker.subscribe("custom", (m) =>
      broker.publish({ subject: m.reply ?? "", data: new Uint8Array(), headers: { "X-Failed": "yes" } }),
    );
    await expect(requester.request("custom", 1, { errorReply })).rejects.toMatchObject({
      name: "RemoteError",
      status: 400,
      remoteMessage: "bad input",
    });
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
