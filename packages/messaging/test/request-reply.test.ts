import { headers as natsHeaders } from "@nats-io/nats-core";
import { NoRespondersError, RemoteError, TimeoutError } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import {
  type ConsumableEvent,
  type ErrorNotification,
  type Notification,
  Publisher,
  requestResponseHandler,
  servicePublisher,
  serviceRequestConsumer,
  withErrorHandler,
  withNotificationHandler,
  withRequestTimeout,
} from "../src/index.js";
import { useServer, waitFor } from "./support/server.js";

interface Invoice {
  orderId: string;
  amount: number;
}
interface Receipt {
  invoiceId: string;
  total: number;
}

const ctx = useServer();
const decoder = new TextDecoder();

describe("request-reply on a real server", () => {
  it("returns the typed reply and carries the CloudEvents headers", async () => {
    const seen: ConsumableEvent<Invoice>[] = [];
    await ctx.service(
      "billing",
      requestResponseHandler<Invoice, Receipt>("Invoice.Create", (event) => {
        seen.push(event);
        return { invoiceId: `inv-${event.payload.orderId}`, total: event.payload.amount * 2 };
      }),
    );
    const billing = new Publisher<Invoice, Receipt>();
    await ctx.service("orders", servicePublisher("billing", billing));
    const receipt = await billing.publish("Invoice.Create", { orderId: "o-7", amount: 21 });
    expect(receipt).toEqual({ invoiceId: "inv-o-7", total: 42 });
    const event = seen[0] as ConsumableEvent<Invoice>;
    expect(event.metadata).toMatchObject({ type: "Invoice.Create", source: "orders", specVersion: "1.0" });
    expect(event.deliveryInfo).toMatchObject({
      destination: "billing",
      source: "billing.request.Invoice.Create",
      key: "Invoice.Create",
    });
  });

  it("a failing handler reaches the caller as RemoteError with its message, Go-style body on the wire", async () => {
    await ctx.service(
      "payments",
      requestResponseHandler<Invoice, Receipt>("Charge", () => {
        throw new Error("card declined");
      }),
    );
    const payments = new Publisher<Invoice, Receipt>();
    await ctx.service("shop", servicePublisher("payments", payments));
    const failure = await payments.publish("Charge", { orderId: "o-1", amount: 1 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RemoteError);
    expect((failure as RemoteError).remoteMessage).toBe("card declined");

    // What a Go caller sees: the body {"error": "..."} (Go ignores our extra status headers).
    const reply = await ctx.raw.request(
      "payments.request.Charge",
      JSON.stringify({ orderId: "x", amount: 1 }),
      {
        timeout: 2000,
      },
    );
    expect(JSON.parse(decoder.decode(reply.data))).toEqual({ error: "card declined" });
  });

  it("an unparsable request is answered at once with a parse error", async () => {
    await ctx.service(
      "parser",
      requestResponseHandler<Invoice, Receipt>("Parse", () => ({ invoiceId: "", total: 0 })),
    );
    const reply = await ctx.raw.request("parser.request.Parse", "not json", { timeout: 2000 });
    const body = JSON.parse(decoder.decode(reply.data)) as { error: string };
    expect(body.error).toMatch(/: failed to parse$/);
    expect(reply.headers?.get("Nats-Service-Error-Code")).toBe("400");
  });

  it("a Go-style error reply from another implementation rejects with RemoteError", async () => {
    const sub = ctx.raw.subscribe("gosvc.request.Thing", {
      callback: (_err, msg) => {
        msg.respond(JSON.stringify({ error: "boom from go" }));
      },
    });
    await ctx.raw.flush();
    const pub = new Publisher<{ x: number }, { y: number }>();
    await ctx.service("ts-caller", servicePublisher("gosvc", pub));
    await expect(pub.publish("Thing", { x: 1 })).rejects.toMatchObject({
      name: "RemoteError",
      remoteMessage: "boom from go",
    });
    sub.unsubscribe();
  });

  it("no responders fails at once; a silent responder times out after the request timeout", async () => {
    const pub = new Publisher<{ x: number }, unknown>();
    await ctx.service("lonely", servicePublisher("nobody", pub), withRequestTimeout(300));
    const started = performance.now();
    await expect(pub.publish("Anything", { x: 1 })).rejects.toBeInstanceOf(NoRespondersError);
    expect(performance.now() - started).toBeLessThan(250);

    const sub = ctx.raw.subscribe("silent.request.Wait", { callback: () => {} });
    await ctx.raw.flush();
    const slow = new Publisher<{ x: number }, unknown>();
    await ctx.service("impatient", servicePublisher("silent", slow), withRequestTimeout(300));
    await expect(slow.publish("Wait", { x: 1 })).rejects.toBeInstanceOf(TimeoutError);
    sub.unsubscribe();
  });

  it("instances of a service share requests through a queue group", async () => {
    const counts = [0, 0, 0];
    for (const i of [0, 1, 2]) {
      await ctx.service(
        "workers",
        requestResponseHandler<{ n: number }, { n: number }>("Work", (e) => {
          counts[i] = (counts[i] ?? 0) + 1;
          return { n: e.payload.n };
        }),
      );
    }
    const pub = new Publisher<{ n: number }, { n: number }>();
    await ctx.service("boss", servicePublisher("workers", pub));
    for (let n = 0; n < 60; n++) expect(await pub.publish("Work", { n })).toEqual({ n });
    expect(counts.reduce((a, b) => a + b, 0)).toBe(60);
    expect(counts.every((c) => c > 0)).toBe(true);
  });

  it("a one-way service request consumer acknowledges callers with {} instead of letting them time out", async () => {
    const got: string[] = [];
    await ctx.service(
      "mailer",
      serviceRequestConsumer<{ to: string }>("Send", (e) => {
        got.push(e.payload.to);
      }),
    );
    const pub = new Publisher<{ to: string }, Record<string, never>>();
    await ctx.service("app", servicePublisher("mailer", pub), withRequestTimeout(2000));
    expect(await pub.publish("Send", { to: "a@b.c" })).toEqual({});
    await waitFor(() => got.length === 1);
    const h = natsHeaders();
    h.set("ce-type", "Send");
    ctx.raw.publish("mailer.request.Send", JSON.stringify({ to: "x@y.z" }), { headers: h });
    await waitFor(() => got.length === 2, 3000, "a plain publish without reply subject");
  });

  it("notifies a one-way consumer's successes, handler failures and unparsable requests, never a request-response handler's", async () => {
    const errors: ErrorNotification[] = [];
    const successes: Notification[] = [];
    await ctx.service(
      "notifier",
      serviceRequestConsumer<{ ok: boolean }>("Job.Run", (e) => {
        if (!e.payload.ok) throw new Error("job failed");
      }),
      requestResponseHandler<{ ok: boolean }, { ok: boolean }>("Job.Echo", (e) => {
        if (!e.payload.ok) throw new Error("echo failed");
        return e.payload;
      }),
      withErrorHandler((n) => errors.push(n)),
      withNotificationHandler((n) => successes.push(n)),
    );
    const caller = new Publisher<{ ok: boolean }, unknown>();
    await ctx.service("notified-caller", servicePublisher("notifier", caller));
    await caller.publish("Job.Run", { ok: true });
    await expect(caller.publish("Job.Run", { ok: false })).rejects.toThrow("job failed");
    const h = natsHeaders();
    h.set("ce-id", "garbled-1");
    await ctx.raw.request("notifier.request.Job.Run", "{oops", { timeout: 2000, headers: h });
    await caller.publish("Job.Echo", { ok: true });
    await expect(caller.publish("Job.Echo", { ok: false })).rejects.toThrow("echo failed");
    expect(successes.map((n) => n.deliveryInfo.key)).toEqual(["Job.Run"]);
    expect(errors.map((n) => n.error.message)).toEqual(["job failed", expect.stringContaining("JSON")]);
    expect(errors[1]?.deliveryInfo).toMatchObject({
      destination: "notifier",
      source: "notifier.request.Job.Run",
      key: "Job.Run",
      headers: { "ce-id": "garbled-1" },
    });
  });
});
