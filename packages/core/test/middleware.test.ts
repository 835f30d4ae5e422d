import { describe, expect, it } from "vitest";
import { chain, type Handler, type Message, type Middleware } from "../src/index.js";

function message(payload: string): Message<string> {
  return { subject: "a", payload, headers: {}, reply: undefined, data: new Uint8Array() };
}

describe("chain", () => {
  it("runs the first middleware outermost", async () => {
    const calls: string[] = [];
    const tag =
      (name: string): Middleware<string> =>
      (next) =>
      async (msg, ctx) => {
        calls.push(`${name}:before`);
        await next(msg, ctx);
        calls.push(`${name}:after`);
      };
    const handler: Handler<string> = (msg) => {
      calls.push(`handler:${msg.payload}`);
    };
    await chain(tag("a"), tag("b"), tag("c"))(handler)(message("x"), {
      signal: new AbortController().signal,
    });
    expect(calls).toEqual(["a:before", "b:before", "c:before", "handler:x", "c:after", "b:after", "a:after"]);
  });

  it("with no middleware returns the handler itself", () => {
    const handler: Handler<string> = () => {};
    expect(chain<string>()(handler)).toBe(handler);
  });

  it("lets a middleware short-circuit and see the handler's error", async () => {
    const seen: unknown[] = [];
    const catching: Middleware<string> = (next) => async (msg, ctx) => {
      try {
        await next(msg, ctx);
      } catch (error) {
        seen.push(error);
      }
    };
    const boom = new Error("boom");
    const wrapped = chain(catching)(() => {
      throw boom;
    });
    await expect(
      Promise.resolve(wrapped(message("x"), { signal: new AbortController().signal })),
    ).resolves.toBeUndefined();
    expect(seen).toEqual([boom]);
  });
});
