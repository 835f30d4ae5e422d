import type { Msg, NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { jsonCodec } from "@natsflux/codec-json";
import {
  AbortedError,
  ClosedError,
  type Codec,
  ConfigError,
  EncodeError,
  noopTelemetry,
  PublishError,
  type PublishOperation,
  type Telemetry,
} from "@natsflux/core";
import { type NatsServer, uniqueName } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import { NatsPublisher } from "../src/index.js";
import { until, useCoreNatsServer } from "./support.js";

let server: NatsServer;
let nc: NatsConnection;

useCoreNatsServer((s, c) => {
  server = s;
  nc = c;
});

/** A raw nats.js subscription, to see exactly what went over the wire. */
async function capture(subject: string): Promise<Msg[]> {
  const received: Msg[] = [];
  nc.subscribe(subject, { callback: (_err, msg) => void received.push(msg) });
  await nc.flush();
  return received;
}

describe("NatsPublisher", () => {
  it("publishes the encoded value and resolves once nats.js has it", async () => {
    const subject = uniqueName("pub.basic");
    const received = await capture(subject);
    const publisher = new NatsPublisher(nc, jsonCodec<{ id: number }>());
    await publisher.publish(subject, { id: 1 });
    await until(() => received.length === 1, "the message");
    expect(received[0]?.string()).toBe('{"id":1}');
    expect(received[0]?.headers).toBeUndefined();
    await publisher.close();
  });

  it("sends header keys exactly as given, lowercase ce-* included", async () => {
    const subject = uniqueName("pub.headers");
    const received = await capture(subject);
    const publisher = new NatsPublisher(nc, jsonCodec<string>());
    await publisher.publish(subject, "x", {
      headers: {
        "ce-id": "1",
        "ce-specversion": "1.0",
        "Ce-Id": "upper",
        "X-MiXeD": "m",
        traceparent: "00-ab",
      },
    });
    await publisher.publish(subject, "y", { headers: [["k-one", "1"] as const, ["K-Two", "2"] as const] });
    await until(() => received.length === 2, "both messages");
    const first = received[0]?.headers;
    expect(first?.keys().sort()).toEqual(["Ce-Id", "X-MiXeD", "ce-id", "ce-specversion", "traceparent"]);
    expect(first?.get("ce-id")).toBe("1");
    expect(first?.get("Ce-Id")).toBe("upper");
    expect(first?.get("traceparent")).toBe("00-ab");
    expect(received[1]?.headers?.keys()).toEqual(["k-one", "K-Two"]);
    await publisher.close();
  });

  it("refuses invalid header names and values with a ConfigError naming the header", async () => {
    const publisher = new NatsPublisher(nc, jsonCodec<string>());
    const subject = uniqueName("pub.badheaders");
    for (const [headers, field] of [
      [{ "bad key": "v" }, 'headers["bad key"]'],
      [{ "a:b": "v" }, 'headers["a:b"]'],
      [{ é: "v" }, 'headers["é"]'],
      [{ "": "v" }, 'headers[""]'],
      [{ ok: "line\r\nInjected: yes" }, 'headers["ok"]'],
    ] as const) {
      const error = await publisher.publish(subject, "x", { headers }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).field).toBe(field);
    }
    await publisher.close();
  });

  it("fails with a PublishError naming the size and the server's max_payload", async () => {
    const limit = nc.info?.max_payload ?? 0;
    expect(limit).toBeGreaterThan(0);
    const publisher = new NatsPublisher(nc, bytesCodec);
    const subject = uniqueName("pub.big");
    const error = await publisher.publish(subject, new Uint8Array(limit + 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).subject).toBe(subject);
    expect((error as Error).message).toContain(`${limit + 1} bytes`);
    expect((error as Error).message).toContain(`max_payload of ${limit} bytes`);
    // Payload under the limit but headers pushing it over: still a clear PublishError.
    const tight = await publisher
      .publish(subject, new Uint8Array(limit - 10), { headers: { "x-pad": "p".repeat(64) } })
      .catch((e: unknown) => e);
    expect(tight).toBeInstanceOf(PublishError);
    expect((tight as Error).message).toContain(`max_payload of ${limit} bytes`);
    // The connection is fine afterwards.
    await publisher.publish(subject, new Uint8Array(16));
    await publisher.close();
  });

  it("turns codec failures into EncodeError and sends nothing", async () => {
    const subject = uniqueName("pub.encode");
    const received = await capture(subject);
    const publisher = new NatsPublisher(nc, jsonCodec<unknown>());
    await expect(publisher.publish(subject, () => 1)).rejects.toBeInstanceOf(EncodeError);
    await nc.flush();
    expect(received).toHaveLength(0);
    await publisher.close();
  });

  it("rejects an already aborted signal with AbortedError", async () => {
    const publisher = new NatsPublisher(nc, jsonCodec<number>());
    await expect(publisher.publish("pub.abort", 1, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortedError,
    );
    await publisher.close();
  });

  it("rejects an invalid subject with a ConfigError", async () => {
    const publisher = new NatsPublisher(nc, jsonCodec<number>());
    await expect(publisher.publish("", 1)).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("has space", 1)).rejects.toBeInstanceOf(ConfigError);
    await publisher.close();
  });

  it("close() is idempotent, leaves the connection open and refuses later publishes", async () => {
    const publisher = new NatsPublisher(nc, jsonCodec<number>());
    const first = publisher.close();
    expect(publisher.close()).toBe(first);
    await first;
    await expect(publisher.publish("pub.closed", 1)).rejects.toBeInstanceOf(ClosedError);
    expect(nc.isClosed()).toBe(false);
    {
      await using disposable = new NatsPublisher(nc, jsonCodec<number>());
      await disposable.publish(uniqueName("pub.dispose"), 1);
    }
  });

  it("fails with ClosedError on a closed connection", async () => {
    const conn = await connect({ servers: server.url });
    const publisher = new NatsPublisher(conn, jsonCodec<number>());
    await conn.close();
    await expect(publisher.publish("pub.gone", 1)).rejects.toBeInstanceOf(ClosedError);
    await publisher.close();
  });

  it("lets the telemetry hook add trace context before the NATS headers are built", async () => {
    const subject = uniqueName("pub.telemetry");
    const received = await capture(subject);
    const operations: PublishOperation[] = [];
    const telemetry: Telemetry = {
      ...noopTelemetry,
      publish: (operation, run) => {
        operations.push({ ...operation, headers: { ...operation.headers } });
        operation.headers.traceparent = "00-trace-span-01";
        return run();
      },
    };
    const publisher = new NatsPublisher(nc, jsonCodec<number>(), { telemetry });
    await publisher.publish(subject, 42, { headers: { "ce-id": "7" } });
    await until(() => received.length === 1, "the message");
    expect(operations).toEqual([{ system: "nats", subject, headers: { "ce-id": "7" }, bodySize: 2 }]);
    expect(received[0]?.headers?.get("traceparent")).toBe("00-trace-span-01");
    expect(received[0]?.headers?.get("ce-id")).toBe("7");
    await publisher.close();
  });
});

const bytesCodec: Codec<Uint8Array> = {
  name: "bytes",
  contentType: "application/octet-stream",
  encode: (value) => value,
  decode: (data) => data,
};
