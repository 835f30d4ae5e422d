import { describe, expect, it } from "vitest";
import { natsClientOptions } from "../src/client-options.js";
import { silentLogger } from "../src/index.js";

describe("natsClientOptions (connections natsflux opens)", () => {
  it("names the client after the service, reconnects forever and skips nats.js's per-request stack traces", () => {
    expect(natsClientOptions({ serviceName: "orders", servers: "nats://127.0.0.1:1" })).toEqual({
      name: "orders",
      servers: "nats://127.0.0.1:1",
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      noAsyncTraces: true,
    });
  });

  it("lets the caller's nats.js options win, and passes none of natsflux's own", () => {
    const options = natsClientOptions({
      serviceName: "orders",
      servers: ["nats://127.0.0.1:1"],
      name: "orders-eu-1",
      noAsyncTraces: false,
      maxReconnectAttempts: 3,
      user: "u",
      pass: "p",
      logger: silentLogger,
      requestTimeout: 5,
      drainTimeout: 5,
      onStatus: () => {},
    });
    expect(options).toEqual({
      name: "orders-eu-1",
      servers: ["nats://127.0.0.1:1"],
      maxReconnectAttempts: 3,
      reconnectTimeWait: 1000,
      noAsyncTraces: false,
      user: "u",
      pass: "p",
    });
  });
});
