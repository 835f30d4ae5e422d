import {
  createAccount,
  createOperator,
  createUser,
  encodeAccount,
  encodeOperator,
  encodeUser,
  fmtCreds,
} from "@nats-io/jwt";
import { credsAuthenticator, nkeyAuthenticator } from "@nats-io/nats-core";
import { createUser as createUserKey } from "@nats-io/nkeys";
import { NatsfluxError } from "@natsflux/core";
import {
  type ConnectionOptions,
  eventStreamConsumer,
  eventStreamPublisher,
  LifecycleError,
  Publisher,
} from "@natsflux/messaging";
import { generateTestTls, type NatsServer, startServer, type TestTls } from "@natsflux/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { captureLogger, facade, render, waitFor } from "../support/helpers.js";

// Real server configs with each authentication method. For every method: the right credentials run a service
// end to end (JetStream publish and consume), wrong ones fail start() with a typed error, and no secret shows
// up in any log entry, error message, cause or stack, nor on the console.

let tls: TestTls;
const servers: NatsServer[] = [];
const consoleLines: string[] = [];

beforeAll(async () => {
  tls = await generateTestTls();
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => render(a)).join(" "));
    });
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.allSettled(servers.map((s) => s[Symbol.asyncDispose]()));
});

async function server(config: string): Promise<NatsServer> {
  const s = await startServer({ config });
  servers.push(s);
  return s;
}

/** Runs a service end to end with `options`: one event published and consumed. */
async function roundTrip(name: string, options: Omit<ConnectionOptions, "serviceName">) {
  const logger = captureLogger();
  const conn = facade({ serviceName: name, logger, ...options });
  const pub = new Publisher<{ n: number }>();
  const got: number[] = [];
  await conn.start(
    eventStreamPublisher(pub),
    eventStreamConsumer<{ n: number }>("Secure.Ping", (e) => void got.push(e.payload.n)),
  );
  try {
    await pub.publish("Secure.Ping", { n: 42 });
    await waitFor(() => got.includes(42), 10_000, "the event to come back");
  } finally {
    await conn.close();
  }
  return logger;
}

/** start() with `options` must fail; returns the error and everything that was logged. */
async function refused(name: string, options: Omit<ConnectionOptions, "serviceName">) {
  const logger = captureLogger();
  // Bounded: a TLS handshake the server never completes would otherwise wait for the 20 s connect timeout.
  const nats = { maxReconnectAttempts: 0, timeout: 3000, ...options.nats };
  const conn = facade({ serviceName: name, logger, ...options, nats });
  const error = await conn.start(eventStreamPublisher(new Publisher())).then(
    () => undefined,
    (e: unknown) => e,
  );
  await conn.close();
  expect(error).toBeInstanceOf(NatsfluxError);
  return { error, logger };
}

function expectNoSecret(secrets: readonly string[], ...texts: string[]): void {
  const all = [...texts, ...consoleLines].join("\n");
  for (const secret of secrets) expect(all).not.toContain(secret);
}

describe("TLS with a CA generated in the test", () => {
  it("connects with the right CA; a wrong CA is refused with a typed error", async () => {
    const s = await server(
      `tls { cert_file: ${JSON.stringify(tls.certFile)}, key_file: ${JSON.stringify(tls.keyFile)}, ca_file: ${JSON.stringify(tls.caFile)} }`,
    );
    const ok = await roundTrip("tls-ok", { servers: s.url, nats: { tls: { caFile: tls.caFile } } });
    expect(ok.entries.some((e) => e.message === "connection started")).toBe(true);

    const { error } = await refused("tls-wrong-ca", {
      servers: s.url,
      nats: { tls: { caFile: tls.otherCaFile } },
    });
    expect(error).toBeInstanceOf(LifecycleError);
    expect((error as Error).message).toMatch(/failed to connect to NATS/);
  });

  it("mutual TLS: the client certificate is required", async () => {
    const s = await server(
      `tls { cert_file: ${JSON.stringify(tls.certFile)}, key_file: ${JSON.stringify(tls.keyFile)}, ca_file: ${JSON.stringify(tls.caFile)}, verify: true }`,
    );
    await roundTrip("mtls-ok", {
      servers: s.url,
      nats: { tls: { caFile: tls.caFile, certFile: tls.clientCertFile, keyFile: tls.clientKeyFile } },
    });
    const { error } = await refused("mtls-no-cert", {
      servers: s.url,
      nats: { tls: { caFile: tls.caFile } },
    });
    expect(error).toBeInstanceOf(LifecycleError);
  });
});

describe("user and password", () => {
  const password = "pw-S3CRET-value-1";
  it("works with the right password; the wrong one is refused; neither appears anywhere", async () => {
    const s = await server(`authorization { users = [ { user: "alice", password: "${password}" } ] }`);
    const ok = await roundTrip("userpass-ok", { servers: s.url, nats: { user: "alice", pass: password } });
    const wrongPassword = "pw-WRONG-value-2";
    const { error, logger } = await refused("userpass-bad", {
      servers: s.url,
      nats: { user: "alice", pass: wrongPassword },
    });
    expect((error as Error).message).toMatch(/authorization violation/i);
    expectNoSecret([password, wrongPassword], ok.text(), logger.text(), render(error));
  });

  it("credentials in a server URL are not used (nats.js v3 ignores them) and never echoed back", async () => {
    const s = await server(`authorization { users = [ { user: "bob", password: "${password}" } ] }`);
    const inUrl = await refused("url-creds", {
      servers: s.url.replace("nats://", `nats://bob:${password}@`),
    });
    expect((inUrl.error as Error).message).toMatch(/authorization violation/i);
    // A server that is not there at all: the URL (with its password) must not leak through the error either.
    const nowhere = await refused("url-creds-nowhere", { servers: `nats://bob:${password}@127.0.0.1:1` });
    expectNoSecret(
      [password],
      inUrl.logger.text(),
      render(inUrl.error),
      nowhere.logger.text(),
      render(nowhere.error),
    );
  });
});

describe("token", () => {
  it("works with the right token; a wrong one is refused; neither appears anywhere", async () => {
    const token = "tok-S3CRET-abcdef";
    const s = await server(`authorization { token: "${token}" }`);
    const ok = await roundTrip("token-ok", { servers: s.url, nats: { token } });
    const { error, logger } = await refused("token-bad", {
      servers: s.url,
      nats: { token: "tok-WRONG-123" },
    });
    expect((error as Error).message).toMatch(/authorization violation/i);
    expectNoSecret([token, "tok-WRONG-123"], ok.text(), logger.text(), render(error));
  });
});

describe("NKey", () => {
  it("a user nkey generated in the test authenticates; an unknown one is refused; seeds never appear", async () => {
    const user = createUserKey();
    const seed = user.getSeed();
    const s = await server(`authorization { users = [ { nkey: "${user.getPublicKey()}" } ] }`);
    const ok = await roundTrip("nkey-ok", {
      servers: s.url,
      nats: { authenticator: nkeyAuthenticator(seed) },
    });
    const stranger = createUserKey();
    const { error, logger } = await refused("nkey-bad", {
      servers: s.url,
      nats: { authenticator: nkeyAuthenticator(stranger.getSeed()) },
    });
    expect((error as Error).message).toMatch(/authorization violation/i);
    const dec = new TextDecoder();
    expectNoSecret(
      [dec.decode(seed), dec.decode(stranger.getSeed())],
      ok.text(),
      logger.text(),
      render(error),
    );
  });
});

describe("decentralised JWT (operator, account, user creds)", () => {
  it("a user JWT signed by a preloaded account authenticates and uses JetStream; a foreign account's user is refused", async () => {
    const operator = createOperator();
    // JetStream in operator mode needs a system account.
    const system = createAccount();
    const systemJwt = await encodeAccount("SYS", system, {}, { signer: operator });
    const account = createAccount();
    const user = createUser();
    const operatorJwt = await encodeOperator("natsflux-test-op", operator);
    const accountJwt = await encodeAccount(
      "natsflux-test-acc",
      account,
      {
        // Unlimited, with JetStream on (a partial limits object leaves the rest at 0: no connections at all).
        limits: {
          conn: -1,
          subs: -1,
          data: -1,
          payload: -1,
          imports: -1,
          exports: -1,
          leaf: -1,
          wildcards: true,
          mem_storage: -1,
          disk_storage: -1,
          streams: -1,
          consumer: -1,
        },
      },
      { signer: operator },
    );
    const userJwt = await encodeUser("natsflux-test-user", user, account);
    const creds = fmtCreds(userJwt, user);
    const s = await server(
      [
        `operator: ${operatorJwt}`,
        `system_account: ${system.getPublicKey()}`,
        "resolver: MEMORY",
        `resolver_preload: { ${account.getPublicKey()}: ${accountJwt}, ${system.getPublicKey()}: ${systemJwt} }`,
      ].join("\n"),
    );
    const ok = await roundTrip("jwt-ok", {
      servers: s.url,
      nats: { authenticator: credsAuthenticator(creds) },
    }).catch((e: unknown) => {
      process.stderr.write(`${s.logTail(30)}\n`);
      throw e;
    });

    // A user of an account the server does not know.
    const foreignAccount = createAccount();
    const foreignUser = createUser();
    const foreignCreds = fmtCreds(await encodeUser("intruder", foreignUser, foreignAccount), foreignUser);
    const { error, logger } = await refused("jwt-bad", {
      servers: s.url,
      nats: { authenticator: credsAuthenticator(foreignCreds) },
    });
    expect((error as Error).message).toMatch(/authorization violation/i);
    const dec = new TextDecoder();
    expectNoSecret(
      [dec.decode(user.getSeed()), dec.decode(foreignUser.getSeed()), dec.decode(account.getSeed())],
      ok.text(),
      logger.text(),
      render(error),
    );
  });
});
