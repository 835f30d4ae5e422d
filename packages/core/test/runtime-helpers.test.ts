import { describe, expect, it } from "vitest";
import {
  type AckableMessage,
  type Codec,
  DecodeError,
  EncodeError,
  isAckable,
  type StatusEvent,
  type StreamDelivery,
} from "../src/index.js";
import { applyDecision, decodeWith, encodeWith, notify, Once, settle } from "../src/internal.js";
import { state } from "./helpers.js";

const failing: Codec<unknown> = {
  name: "broken",
  contentType: "application/x-broken",
  encode: () => {
    throw new TypeError("cannot encode");
  },
  decode: () => {
    throw new SyntaxError("cannot decode");
  },
};

describe("encodeWith / decodeWith", () => {
  it("wrap codec failures with codec name, subject and cause", () => {
    let encodeError: unknown;
    try {
      encodeWith(failing, 1, "a.b");
    } catch (error) {
      encodeError = error;
    }
    expect(encodeError).toBeInstanceOf(EncodeError);
    expect(encodeError).toMatchObject({ codec: "broken", subject: "a.b" });
    expect((encodeError as EncodeError).cause).toBeInstanceOf(TypeError);

    let decodeError: unknown;
    try {
      decodeWith(failing, new Uint8Array([1]), "a.b");
    } catch (error) {
      decodeError = error;
    }
    expect(decodeError).toBeInstanceOf(DecodeError);
    expect((decodeError as DecodeError).cause).toBeInstanceOf(SyntaxError);
  });

  it("pass through values and codec errors that are already wrapped", () => {
    const own = new DecodeError("schema", "a", "field missing");
    const rethrowing: Codec<number> = {
      name: "schema",
      contentType: "application/json",
      encode: () => {
        throw new EncodeError("schema", "a", "bad");
      },
      decode: () => {
        throw own;
      },
    };
    expect(() => decodeWith(rethrowing, new Uint8Array(), "a")).toThrow(own);
    expect(() => encodeWith(rethrowing, 1)).toThrow(EncodeError);
    const identity: Codec<Uint8Array> = {
      name: "raw",
      contentType: "application/octet-stream",
      encode: (v) => v,
      decode: (d) => d,
    };
    const bytes = new Uint8Array([1, 2]);
    expect(encodeWith(identity, bytes)).toBe(bytes);
    expect(decodeWith(identity, bytes)).toBe(bytes);
  });
});

describe("Once", () => {
  it("runs the action once and returns its promise to every caller", async () => {
    const once = new Once();
    let runs = 0;
    expect(once.started).toBe(false);
    const first = once.run(async () => void runs++);
    expect(once.started).toBe(true);
    expect(once.run(async () => void runs++)).toBe(first);
    await first;
    expect(runs).toBe(1);
  });

  it("turns a synchronous throw into a rejected promise", async () => {
    const once = new Once();
    const failure = new Error("x");
    await expect(
      once.run(() => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });
});

describe("settle", () => {
  it("exposes resolve and reject, and a rejection is never unhandled", async () => {
    const ok = settle<number>();
    ok.resolve(3);
    await expect(ok.promise).resolves.toBe(3);
    const failed = settle<number>();
    failed.reject(new Error("x"));
    expect(await state(failed.promise)).toBe("rejected");
  });
});

describe("notify", () => {
  it("delivers events and swallows listener errors", () => {
    const events: StatusEvent[] = [];
    notify((e: StatusEvent) => events.push(e), { type: "reconnecting" });
    expect(events).toEqual([{ type: "reconnecting" }]);
    expect(() =>
      notify(
        () => {
          throw new Error("listener broken");
        },
        { type: "reconnecting" },
      ),
    ).not.toThrow();
    expect(() => notify(undefined, { type: "reconnecting" })).not.toThrow();
  });

  it("hands a listener's failure to onThrow, never to the caller", () => {
    const failures: unknown[] = [];
    const broken = new Error("listener broken");
    const throwing = () => {
      throw broken;
    };
    expect(() => notify(throwing, "event", (error) => failures.push(error))).not.toThrow();
    expect(failures).toEqual([broken]);
  });
});

describe("applyDecision and isAckable", () => {
  function ackable(): AckableMessage<string> & { calls: string[] } {
    const calls: string[] = [];
    let settled = false;
    const mark = (call: string) => {
      calls.push(call);
      settled = true;
    };
    return {
      calls,
      subject: "a",
      payload: "x",
      headers: {},
      reply: undefined,
      data: new Uint8Array(),
      info: {} as StreamDelivery,
      get settled() {
        return settled;
      },
      ack: () => mark("ack"),
      nak: (delay?: number) => mark(`nak:${delay}`),
      term: (reason?: string) => mark(`term:${reason}`),
      working: () => calls.push("working"),
    };
  }

  it("applies ack, nak with delay and term with reason", () => {
    const a = ackable();
    applyDecision(a, { action: "ack" });
    const n = ackable();
    applyDecision(n, { action: "nak", delayMs: 250 });
    const t = ackable();
    applyDecision(t, { action: "term", reason: "poison" });
    expect([a.calls, n.calls, t.calls]).toEqual([["ack"], ["nak:250"], ["term:poison"]]);
  });

  it("leaves a message the handler already settled alone", () => {
    const m = ackable();
    m.term("by handler");
    applyDecision(m, { action: "ack" });
    expect(m.calls).toEqual(["term:by handler"]);
  });

  it("isAckable tells acknowledging messages apart", () => {
    expect(isAckable(ackable())).toBe(true);
    expect(
      isAckable({ subject: "a", payload: 1, headers: {}, reply: undefined, data: new Uint8Array() }),
    ).toBe(false);
  });
});
