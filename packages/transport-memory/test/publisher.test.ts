import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError, type Message } from "@natsflux/core";
import { waitFor } from "@natsflux/testing/conformance";
import { describe, expect, it } from "vitest";
import { MemoryBroker, MemoryPublisher, MemorySubscriber } from "../src/index.js";

const json = jsonCodec<unknown>();

function setup() {
  const broker = new MemoryBroker();
  return {
    broker,
    publisher: new MemoryPublisher(broker, json),
    subscriber: new MemorySubscriber(broker, json),
  };
}

describe("MemoryPublisher", () => {
  it("refuses wildcard subjects and headers a NATS connection would refuse", async () => {
    const { publisher } = setup();
    await expect(publisher.publish("a.*", 1)).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("a.>", 1)).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("a", 1, { headers: { "bad key": "v" } })).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(publisher.publish("a", 1, { headers: { "a:b": "v" } })).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("a", 1, { headers: { "": "v" } })).rejects.toBeInstanceOf(ConfigError);
    await expect(publisher.publish("a", 1, { headers: { k: "line\r\nbreak" } })).rejects.toBeInstanceOf(
      ConfigError,
    );
  });

  it("trims header values as the NATS wire does", async () => {
    const { publisher, subscriber } = setup();
    const got: Message<unknown>[] = [];
    await subscriber.subscribe("a", (m) => void got.push(m));
    await publisher.publish("a", 1, { headers: { "X-Pad": "  value  " } });
    await waitFor(() => got.length === 1);
    expect(got[0]?.headers).toEqual({ "X-Pad": "value" });
  });
});
