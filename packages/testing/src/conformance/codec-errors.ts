import { jsonCodec } from "@natsflux/codec-json";
import { DecodeError, EncodeError, type Message } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { type Harness, Recorder } from "./harness.js";
import { isPending, waitFor } from "./wait-for.js";

const garbage: ReadonlyArray<[string, Uint8Array]> = [
  ["invalid UTF-8", new Uint8Array([0xff, 0xfe, 0x7b, 0x80])],
  ["truncated JSON", new TextEncoder().encode('{"n": ')],
  ["empty payload", new Uint8Array(0)],
];

export function codecErrorTests(h: Harness): void {
  describe("codec errors", () => {
    it("reports undecodable bytes as handler_error with a DecodeError and keeps the subscription alive", async () => {
      const subject = h.subject("decode");
      const got = new Recorder<{ n: number }>();
      const subscription = await h
        .subscriber<{ n: number }>()
        .subscribe(subject, got.handler, { onStatus: got.onStatus });
      for (const [, bytes] of garbage) await h.ctx.publishRaw(subject, bytes);
      await h.publisher<{ n: number }>().publish(subject, { n: 1 });

      await got.waitForMessages(1);
      await got.waitForHandlerErrors(garbage.length);
      // The handler never saw the garbage: only the good message reached it.
      expect(got.payloads).toEqual([{ n: 1 }]);
      for (const event of got.events.filter((e) => e.type === "handler_error")) {
        expect(event).toMatchObject({ type: "handler_error", subject });
        const error = (event as { error: unknown }).error;
        expect(error).toBeInstanceOf(DecodeError);
        expect((error as DecodeError).code).toBe("DECODE");
        expect((error as DecodeError).codec).toBe("json");
      }
      expect(await isPending(subscription.closed)).toBe(true);
    });

    it("reports undecodable bytes in for-await mode and the stream goes on", async () => {
      const subject = h.subject("decode", "stream");
      const got = new Recorder<{ n: number }>();
      const stream = await h.subscriber<{ n: number }>().messages(subject, { onStatus: got.onStatus });
      await h.ctx.publishRaw(subject, new Uint8Array([0xc3, 0x28]));
      await h.publisher<{ n: number }>().publish(subject, { n: 2 });

      const received: Message<{ n: number }>[] = [];
      for await (const message of stream) {
        received.push(message);
        break;
      }
      expect(received.map((m) => m.payload)).toEqual([{ n: 2 }]);
      await got.waitForHandlerErrors(1);
      expect(got.handlerErrors()[0]).toBeInstanceOf(DecodeError);
    });

    it("rejects publish with EncodeError for a value the codec cannot encode, and sends nothing", async () => {
      const subject = h.subject("encode");
      const got = new Recorder<unknown>();
      await h.subscriber().subscribe(subject, got.handler, { onStatus: got.onStatus });
      const publisher = h.publisher();

      const bigint = await publisher.publish(subject, { n: 1n }).catch((e: unknown) => e);
      expect(bigint).toBeInstanceOf(EncodeError);
      expect((bigint as EncodeError).codec).toBe("json");
      expect((bigint as EncodeError).cause).toBeInstanceOf(TypeError);
      await expect(publisher.publish(subject, undefined)).rejects.toBeInstanceOf(EncodeError);
      const cyclic: { self?: unknown } = {};
      cyclic.self = cyclic;
      await expect(publisher.publish(subject, cyclic)).rejects.toBeInstanceOf(EncodeError);

      await publisher.publish(subject, "sentinel");
      await got.waitForMessages(1);
      expect(got.payloads).toEqual(["sentinel"]);
      expect(got.events).toEqual([]);
    });

    it("decodes with the subscriber's codec, whatever the publisher used", async () => {
      const subject = h.subject("codec", "mismatch");
      const got = new Recorder<string>();
      await h.subscriber(jsonCodec<string>()).subscribe(subject, got.handler, { onStatus: got.onStatus });
      const text = {
        name: "text",
        contentType: "text/plain",
        encode: (value: string) => new TextEncoder().encode(value),
        decode: (data: Uint8Array) => new TextDecoder().decode(data),
      };
      await h.publisher(text).publish(subject, "not json");
      await h.publisher(text).publish(subject, '"json string"');

      await got.waitForMessages(1);
      await waitFor(() => got.handlerErrors().length === 1);
      expect(got.payloads).toEqual(["json string"]);
      expect(got.handlerErrors()[0]).toBeInstanceOf(DecodeError);
    });
  });
}
