import { DecodeError, RemoteError, serviceErrorStatus } from "@natsflux/core";
import { describe, expect, it } from "vitest";
import { acknowledgementCodec, gomessagingErrorFromReply, gomessagingErrorReply } from "../src/index.js";

const text = new TextDecoder();
const bytes = (s: string) => new TextEncoder().encode(s);
const failure = { subject: "shop.request.Charge", headers: {} };
const reply = (data: string, headers: Record<string, string> = {}) => ({
  subject: "shop.request.Charge",
  data: bytes(data),
  header: (key: string) => headers[key],
});

describe("gomessagingErrorReply (Go's error body, plus the micro-protocol headers)", () => {
  it('a failed handler: {"error": message}, status 500', () => {
    const { data, headers } = gomessagingErrorReply({
      ...failure,
      error: new Error("card declined"),
      status: 500,
    });
    expect(text.decode(data)).toBe('{"error":"card declined"}');
    expect(headers).toEqual({ "Nats-Service-Error": "card declined", "Nats-Service-Error-Code": "500" });
  });

  it("a request that does not parse: the parser's message and Go's `: failed to parse`, status 400", () => {
    const error = new DecodeError("json", "shop.request.Charge", new SyntaxError("Unexpected token o"));
    const { data, headers } = gomessagingErrorReply({
      ...failure,
      error,
      status: serviceErrorStatus.badRequest,
    });
    expect(JSON.parse(text.decode(data))).toEqual({ error: "Unexpected token o: failed to parse" });
    expect(headers["Nats-Service-Error-Code"]).toBe("400");
  });

  it("a decode error is a bad request whatever status it came with; a non-Error is stringified", () => {
    const error = new DecodeError("json", undefined, "bad");
    expect(gomessagingErrorReply({ ...failure, error, status: 500 }).headers["Nats-Service-Error-Code"]).toBe(
      "400",
    );
    expect(text.decode(gomessagingErrorReply({ ...failure, error: "overloaded", status: 503 }).data)).toBe(
      '{"error":"overloaded"}',
    );
  });
});

describe("gomessagingErrorFromReply", () => {
  it("reads Go's body: a JSON object whose only key is a string `error`", () => {
    const error = gomessagingErrorFromReply(reply('{"error":"card declined"}'));
    expect(error).toBeInstanceOf(RemoteError);
    expect(error?.remoteMessage).toBe("card declined");
    expect(error?.subject).toBe("shop.request.Charge");
  });

  it("prefers the micro-protocol headers", () => {
    const error = gomessagingErrorFromReply(
      reply("", { "Nats-Service-Error": "busy", "Nats-Service-Error-Code": "503" }),
    );
    expect(error?.status).toBe(503);
    expect(error?.remoteMessage).toBe("busy");
  });

  it.each([
    '{"error":"x","id":1}',
    '{"error":42}',
    '{"result":"fine, ok"}',
    '{"error": not json',
    "[1,2,3,4,5,6,7,8,9]",
    "{}",
  ])("leaves an ordinary reply alone: %s", (body) => {
    expect(gomessagingErrorFromReply(reply(body))).toBeUndefined();
  });
});

describe("acknowledgementCodec", () => {
  it("answers `{}` whatever the handler returned, and decodes to nothing", () => {
    expect(text.decode(acknowledgementCodec.encode({ ignored: true }))).toBe("{}");
    expect(acknowledgementCodec.decode(bytes('{"x":1}'))).toBeUndefined();
    expect(acknowledgementCodec.contentType).toBe("application/json");
  });
});
