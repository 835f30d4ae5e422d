import {
  AbortedError,
  ClosedError,
  ConfigError,
  type Message,
  NoRespondersError,
  RemoteError,
  TimeoutError,
} from "@natsflux/core";
import { describe, expect, it } from "vitest";
import type { Harness } from "./harness.js";
import { waitFor, within } from "./wait-for.js";

interface Sum {
  readonly a: number;
  readonly b: number;
}

const text = {
  name: "text",
  contentType: "text/plain",
  encode: (value: string) => new TextEncoder().encode(value),
  decode: (data: Uint8Array) => new TextDecoder().decode(data),
};

export function requestReplyTests(h: Harness): void {
  const caps = h.target.capabilities;
  describe.skipIf(caps?.requestReply === false)("request-reply", () => {
    it("answers with a typed reply and passes request headers to the responder", async ({ skip }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "add");
      const seen: Message<Sum>[] = [];
      await h.responder<Sum, { sum: number }>().serve(subject, (request) => {
        seen.push(request);
        return { sum: request.payload.a + request.payload.b };
      });
      const requester = h.requester<Sum, { sum: number }>();

      const reply = await requester.request(subject, { a: 2, b: 40 }, { headers: { "X-MiXeD-Case": "req" } });
      expect(reply).toEqual({ sum: 42 });
      expect(await requester.request(subject, { a: -1, b: 1 })).toEqual({ sum: 0 });
      expect(seen.map((m) => m.payload)).toEqual([
        { a: 2, b: 40 },
        { a: -1, b: 1 },
      ]);
      expect(seen[0]?.subject).toBe(subject);
      expect(seen[0]?.headers["X-MiXeD-Case"]).toBe("req");
      expect(typeof seen[0]?.reply).toBe("string");
    });

    it("serves on a wildcard subject", async ({ skip }) => {
      if (!h.hasRequestReply || caps?.wildcards === false) skip();
      await h.responder<string, string>().serve(h.subject("svc", "echo", "*"), (request) => request.subject);
      const reply = await h.requester<string, string>().request(h.subject("svc", "echo", "x"), "hi");
      expect(reply).toBe(h.subject("svc", "echo", "x"));
    });

    it("rejects with NoRespondersError at once when nobody listens", async ({ skip }) => {
      if (!h.hasRequestReply) skip();
      const started = Date.now();
      const error = await h
        .requester()
        .request(h.subject("svc", "nobody"), 1, { timeout: 20_000 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoRespondersError);
      expect((error as NoRespondersError).subject).toBe(h.subject("svc", "nobody"));
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it("rejects with TimeoutError when the responder does not answer in time", async ({ skip }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "slow");
      const gate = h.gate();
      let received = 0;
      await h.responder().serve(subject, async () => {
        received++;
        await gate.opened;
        return "too late";
      });
      const started = Date.now();
      const error = await h
        .requester()
        .request(subject, 1, { timeout: 300 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).timeoutMs).toBe(300);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(received).toBe(1);
      gate.open();
    });

    it("rejects with AbortedError when the signal fires, and at once for an aborted signal", async ({
      skip,
    }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "abort");
      const gate = h.gate();
      const received: string[] = [];
      await h.responder<string, string>().serve(subject, async (request) => {
        received.push(request.payload);
        if (request.payload === "slow") await gate.opened;
        return `done ${request.payload}`;
      });
      const requester = h.requester<string, string>();

      const controller = new AbortController();
      const pending = requester.request(subject, "slow", { signal: controller.signal, timeout: 20_000 });
      await waitFor(() => received.length === 1);
      const reason = new Error("user navigated away");
      controller.abort(reason);
      const error = await within(
        pending.catch((e: unknown) => e),
        2000,
        "request rejecting after abort",
      );
      expect(error).toBeInstanceOf(AbortedError);
      expect((error as AbortedError).cause).toBe(reason);
      gate.open();

      await expect(
        requester.request(subject, "never sent", { signal: controller.signal }),
      ).rejects.toBeInstanceOf(AbortedError);
      expect(await requester.request(subject, "after")).toBe("done after");
      expect(received).toEqual(["slow", "after"]);
    });

    it("rejects with RemoteError carrying the responder's message when the handler fails", async ({
      skip,
    }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "fail");
      await h.responder<string, string>().serve(subject, async (request) => {
        if (request.payload === "async") throw new Error("out of stock: sku-42");
        throw new TypeError("amount must be positive");
      });
      const requester = h.requester<string, string>();

      const error = await requester.request(subject, "async").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteError);
      expect((error as RemoteError).remoteMessage).toBe("out of stock: sku-42");
      expect((error as RemoteError).status).toBe(500);
      expect((error as RemoteError).subject).toBe(subject);
      const second = await requester.request(subject, "sync").catch((e: unknown) => e);
      expect((second as RemoteError).remoteMessage).toBe("amount must be positive");
    });

    it("answers an undecodable request with a RemoteError (400) without calling the handler", async ({
      skip,
    }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "strict");
      let calls = 0;
      await h.responder<{ n: number }, string>().serve(subject, () => {
        calls++;
        return "ok";
      });
      const error = await h
        .requester(text, text)
        .request(subject, "this is not json")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteError);
      expect((error as RemoteError).status).toBe(400);
      expect(calls).toBe(0);
    });

    it("answers an unencodable response with a RemoteError", async ({ skip }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "bigint");
      await h.responder<number, unknown>().serve(subject, () => ({ n: 1n }));
      const error = await h
        .requester()
        .request(subject, 1)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RemoteError);
    });

    it("lets a responder keep serving after failures", async ({ skip }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "flaky");
      await h.responder<number, number>().serve(subject, (request) => {
        if (request.payload % 2 === 1) throw new Error(`odd ${request.payload}`);
        return request.payload * 10;
      });
      const requester = h.requester<number, number>();
      const results: unknown[] = [];
      for (let i = 0; i < 4; i++) {
        results.push(
          await requester.request(subject, i).catch((e: unknown) => (e as RemoteError).remoteMessage),
        );
      }
      expect(results).toEqual([0, "odd 1", 20, "odd 3"]);
    });

    it("rejects with NoRespondersError once the responder's subscription stopped", async ({ skip }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "stopping");
      const subscription = await h.responder<number, number>().serve(subject, (request) => request.payload);
      const requester = h.requester<number, number>();
      expect(await requester.request(subject, 5)).toBe(5);
      await subscription.stop();
      await expect(requester.request(subject, 6, { timeout: 20_000 })).rejects.toBeInstanceOf(
        NoRespondersError,
      );
    });

    it("rejects an invalid timeout with ConfigError", async ({ skip }) => {
      if (!h.hasRequestReply) skip();
      const requester = h.requester();
      await expect(requester.request(h.subject("svc", "x"), 1, { timeout: 0 })).rejects.toBeInstanceOf(
        ConfigError,
      );
      await expect(requester.request(h.subject("svc", "x"), 1, { timeout: -5 })).rejects.toBeInstanceOf(
        ConfigError,
      );
    });

    it("closes requester and responder idempotently; a closed requester rejects with ClosedError", async ({
      skip,
    }) => {
      if (!h.hasRequestReply) skip();
      const subject = h.subject("svc", "closing");
      const responder = h.responder<number, number>();
      const subscription = await responder.serve(subject, (request) => request.payload);
      const requester = h.requester<number, number>();
      expect(await requester.request(subject, 1)).toBe(1);

      await Promise.all([requester.close(), requester.close()]);
      await requester[Symbol.asyncDispose]();
      await expect(requester.request(subject, 2)).rejects.toBeInstanceOf(ClosedError);

      await Promise.all([responder.close(), responder[Symbol.asyncDispose]()]);
      await within(subscription.closed, 5000, "serve subscription closed with its responder");
      await expect(responder.serve(subject, (request) => request.payload)).rejects.toBeInstanceOf(
        ClosedError,
      );
    });

    describe.skipIf(caps?.queueGroups === false)("queue groups", () => {
      it("responders share the default queue group: each request is handled once, by any of them", async ({
        skip,
      }) => {
        if (!h.hasRequestReply) skip();
        const subject = h.subject("svc", "shared");
        const handledBy: string[] = [];
        for (const name of ["A", "B"]) {
          await h.responder<number, string>().serve(subject, (request) => {
            handledBy.push(name);
            return `${name}:${request.payload}`;
          });
        }
        const requester = h.requester<number, string>();
        const replies: string[] = [];
        for (let i = 0; i < 20; i++) replies.push(await requester.request(subject, i));

        expect(handledBy).toHaveLength(20);
        expect(replies.map((r) => Number(r.split(":")[1]))).toEqual(Array.from({ length: 20 }, (_, i) => i));
        // Random distribution (nats-server) leaves one side empty with probability 2^-19.
        expect(handledBy.filter((n) => n === "A").length).toBeGreaterThan(0);
        expect(handledBy.filter((n) => n === "B").length).toBeGreaterThan(0);
      });

      it("responders with `queue: false` each receive every request", async ({ skip }) => {
        if (!h.hasRequestReply) skip();
        const subject = h.subject("svc", "fanout");
        const handledBy: string[] = [];
        for (const name of ["A", "B"]) {
          await h.responder<number, string>().serve(
            subject,
            (request) => {
              handledBy.push(`${name}${request.payload}`);
              return name;
            },
            { queue: false },
          );
        }
        const requester = h.requester<number, string>();
        for (let i = 0; i < 3; i++) expect(["A", "B"]).toContain(await requester.request(subject, i));
        await waitFor(
          () => handledBy.length === 6,
          5000,
          () => `6 handled, got ${JSON.stringify(handledBy)}`,
        );
        expect([...handledBy].sort()).toEqual(["A0", "A1", "A2", "B0", "B1", "B2"]);
      });
    });
  });
}
