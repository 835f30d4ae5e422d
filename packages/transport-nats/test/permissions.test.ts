import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import { PermissionError } from "@natsflux/core";
import { type NatsServer, startServer, uniqueName } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NatsRequester, NatsResponder, NatsSubscriber } from "../src/index.js";
import { statusLog } from "./support.js";

const password = "s3cret-pw";
let server: NatsServer;
let nc: NatsConnection;

beforeAll(async () => {
  server = await startServer({
    jetstream: false,
    config: `authorization {
  users = [
    { user: "limited", password: "${password}", permissions: {
        publish: { deny: ["secret.>"] }
        subscribe: { deny: ["secret.>"] }
    } }
  ]
}`,
  });
  nc = await connect({ servers: server.url, user: "limited", pass: password });
});

afterAll(async () => {
  await nc?.close();
  await server?.[Symbol.asyncDispose]();
});

describe("permission violations", () => {
  it("reject subscribe() with a PermissionError naming the subject", async () => {
    const subject = `secret.${uniqueName("sub")}`;
    const log = statusLog();
    const subscriber = new NatsSubscriber(nc, jsonCodec<number>());
    const error = await subscriber
      .subscribe(subject, () => {}, { onStatus: log.listener })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ operation: "subscribe", subject });
    expect((error as Error).message).toContain(`"${subject}"`);
    expect((error as Error).message).not.toContain(password);
    expect(log.events).toContainEqual({ type: "error", error });
    // The connection and other subscriptions are unaffected.
    const ok = await subscriber.subscribe(uniqueName("open"), () => {});
    await ok.stop();
    await subscriber.close();
  });

  it("reject serve() and messages() the same way", async () => {
    const responder = new NatsResponder(nc, jsonCodec<number>(), jsonCodec<number>());
    await expect(responder.serve(`secret.${uniqueName("svc")}`, (m) => m.payload)).rejects.toBeInstanceOf(
      PermissionError,
    );
    await responder.close();
    const subscriber = new NatsSubscriber(nc, jsonCodec<number>());
    await expect(subscriber.messages(`secret.${uniqueName("stream")}`)).rejects.toMatchObject({
      code: "PERMISSION",
    });
    await subscriber.close();
  });

  it("reject a request to a denied subject with a PermissionError", async () => {
    const subject = `secret.${uniqueName("req")}`;
    const requester = new NatsRequester(nc, jsonCodec<number>(), jsonCodec<number>());
    const error = await requester.request(subject, 1, { timeout: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionError);
    expect(error).toMatchObject({ operation: "request", subject });
    expect((error as Error).message).not.toContain(password);
    await requester.close();
  });
});
