import { nextTurn } from "@natsflux/testing";
import { describe, expect, it } from "vitest";
import { AckBatcher } from "../src/consume/ack-batcher.js";

describe("AckBatcher", () => {
  it("sends the acks of one turn together, in order, on the next turn", async () => {
    const batcher = new AckBatcher();
    const sent: number[] = [];
    batcher.run(() => sent.push(1));
    await Promise.resolve(); // microtasks do not end the turn
    batcher.run(() => sent.push(2));
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual([1, 2]);
    batcher.run(() => sent.push(3));
    await nextTurn();
    expect(sent).toEqual([1, 2, 3]);
  });

  it("drain() sends what is queued at once, and the scheduled turn then finds nothing left", async () => {
    const batcher = new AckBatcher();
    const sent: string[] = [];
    batcher.run(() => sent.push("a"));
    batcher.run(() => sent.push("b"));
    batcher.drain();
    expect(sent).toEqual(["a", "b"]);
    await nextTurn();
    expect(sent).toEqual(["a", "b"]);
    // After a drain a new ack schedules a turn of its own again.
    batcher.run(() => sent.push("c"));
    await nextTurn();
    expect(sent).toEqual(["a", "b", "c"]);
  });

  it("sends at once what is settled synchronously inside direct(), and batches again after it", async () => {
    const batcher = new AckBatcher();
    const sent: string[] = [];
    batcher.direct((message: string) => {
      batcher.run(() => sent.push(`${message} ack`));
      expect(sent).toEqual(["m1 ack"]);
    }, "m1");
    // Nested direct() calls count: the outer one is still delivering.
    batcher.direct(() => {
      batcher.direct(() => batcher.run(() => sent.push("inner")), undefined);
      batcher.run(() => sent.push("outer"));
    }, undefined);
    expect(sent).toEqual(["m1 ack", "inner", "outer"]);
    batcher.run(() => sent.push("later"));
    expect(sent).toHaveLength(3);
    await nextTurn();
    expect(sent.at(-1)).toBe("later");
  });

  it("an ack that throws (the connection closed) neither stops the others nor escapes", async () => {
    const batcher = new AckBatcher();
    const sent: number[] = [];
    const closed = () => {
      throw new Error("connection closed");
    };
    batcher.run(() => sent.push(1));
    batcher.run(closed);
    batcher.run(() => sent.push(2));
    await nextTurn();
    expect(sent).toEqual([1, 2]);
    expect(() => batcher.direct(() => batcher.run(closed), undefined)).not.toThrow();
    // direct() leaves its scope even when delivering throws: later acks are batched again.
    expect(() =>
      batcher.direct(() => {
        throw new Error("handler");
      }, undefined),
    ).toThrow("handler");
    batcher.run(() => sent.push(3));
    expect(sent).toEqual([1, 2]);
    await nextTurn();
    expect(sent).toEqual([1, 2, 3]);
  });
});
