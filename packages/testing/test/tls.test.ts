import { existsSync } from "node:fs";
import { connect } from "@nats-io/transport-node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { generateTestTls, startServer, ToolNotFoundError } from "../src/index.js";

const q = JSON.stringify;

describe("generateTestTls", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("makes a CA and a server certificate a client can verify, and a wrong CA that fails", async () => {
    const tls = await generateTestTls();
    for (const file of [tls.caFile, tls.certFile, tls.keyFile, tls.otherCaFile])
      expect(existsSync(file)).toBe(true);
    await using server = await startServer({
      jetstream: false,
      config: `tls { cert_file: ${q(tls.certFile)}, key_file: ${q(tls.keyFile)} }`,
    });

    const nc = await connect({ servers: server.url, tls: { caFile: tls.caFile } });
    try {
      await nc.flush();
      expect(nc.info?.tls_required).toBe(true);
    } finally {
      await nc.close();
    }
    await expect(
      connect({ servers: server.url, tls: { caFile: tls.otherCaFile }, maxReconnectAttempts: 0 }),
    ).rejects.toThrow();
  });

  it("supports mutual TLS with the client certificate", async () => {
    const tls = await generateTestTls();
    await using server = await startServer({
      jetstream: false,
      config: `tls { cert_file: ${q(tls.certFile)}, key_file: ${q(tls.keyFile)}, ca_file: ${q(tls.caFile)}, verify: true }`,
    });
    const nc = await connect({
      servers: server.url,
      tls: { caFile: tls.caFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile },
    });
    await nc.close();
    await expect(
      connect({ servers: server.url, tls: { caFile: tls.caFile }, maxReconnectAttempts: 0, timeout: 1000 }),
    ).rejects.toThrow();
  });

  it("says how to get openssl when it is missing", async () => {
    vi.stubEnv("PATH", "/nonexistent");
    await expect(generateTestTls()).rejects.toThrow(ToolNotFoundError);
  });
});
