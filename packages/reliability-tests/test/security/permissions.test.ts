import { PermissionError } from "@natsflux/core";
import {
  type Connection,
  eventStreamPublisher,
  Publisher,
  requestResponseHandler,
  servicePublisher,
} from "@natsflux/messaging";
import { type NatsServer, startServer } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogger, facade, render } from "../support/helpers.js";

// A user allowed everything except a few subjects: the facade must surface each refusal as a PermissionError
// naming the subject (never a timeout, never a silent drop), keep working for allowed subjects, and never put
// the password in the error or the logs.

const password = "perm-S3CRET-pw";
let server: NatsServer;
const open: Connection[] = [];

beforeAll(async () => {
  server = await startServer({
    config: `authorization {
  users = [
    { user: "limited", password: "${password}", permissions: {
        publish: { deny: ["events.Forbidden.>", "other.request.Secret"] }
        subscribe: { deny: ["perm-sub.request.Secret"] }
    } }
  ]
}`,
  });
});

afterAll(async () => {
  await Promise.allSettled(open.map((c) => c.close()));
  await server?.[Symbol.asyncDispose]();
});

function connection(serviceName: string, logger = captureLogger()) {
  const conn = facade({
    serviceName,
    servers: server.url,
    nats: { user: "limited", pass: password },
    logger,
  });
  open.push(conn);
  return { conn, logger };
}

describe("permission violations surface as typed errors naming the subject", () => {
  it("publish to a denied subject: PermissionError, then allowed subjects still work", async () => {
    const { conn, logger } = connection("perm-pub");
    const pub = new Publisher<{ n: number }>();
    await conn.start(eventStreamPublisher(pub));
    const started = Date.now();
    const error = await pub.publish("Forbidden.Thing", { n: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ operation: "publish", subject: "events.Forbidden.Thing" });
    expect((error as Error).message).toContain('"events.Forbidden.Thing"');
    // Reported at once, not after the publish timeout.
    expect(Date.now() - started).toBeLessThan(4000);
    await expect(pub.publish("Allowed.Thing", { n: 2 })).resolves.toBeUndefined();
    expect(render(error) + logger.text()).not.toContain(password);
  });

  it("subscribe to a denied subject: start() fails with PermissionError naming it, nothing is left running", async () => {
    const { conn, logger } = connection("perm-sub");
    const error = await conn.start(requestResponseHandler("Secret", () => "no")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ operation: "subscribe", subject: "perm-sub.request.Secret" });
    expect(render(error) + logger.text()).not.toContain(password);
    // The connection refused to start and is closed: a second start is a lifecycle error, not a hang.
    await expect(conn.start()).rejects.toThrow(/already started|closed/);
  });

  it("a request to a denied subject: PermissionError naming it", async () => {
    const { conn, logger } = connection("perm-req");
    const pub = new Publisher<{ n: number }, unknown>();
    await conn.start(servicePublisher("other", pub));
    const error = await pub.publish("Secret", { n: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ subject: "other.request.Secret" });
    expect(render(error) + logger.text()).not.toContain(password);
  });
});
