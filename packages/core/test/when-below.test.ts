import { describe, expect, it } from "vitest";
import { AsyncQueue, StreamSubscription } from "../src/internal.js";
import { state } from "./helpers.js";

describe("whenBelow", () => {
  it("AsyncQueue.whenBelow() resolves only once the buffer has dropped under the limit", async () => {
    const queue = new AsyncQueue<number>(10);
    for (let i = 0; i < 6; i++) queue.push(i);
    await expect(queue.whenBelow(7)).resolves.toBeUndefined();
    const below = queue.whenBelow(4);
    expect(await state(below)).toBe("pending");
    await queue.next();
    await queue.next();
    expect(await state(below)).toBe("pending");
    await queue.next();
    expect(await state(below)).toBe("resolved");
  });

  it("AsyncQueue.whenBelow() resolves when the queue is cleared or ends", async () => {
    const cleared = new AsyncQueue<number>(5);
    cleared.push(1);
    cleared.push(2);
    const afterClear = cleared.whenBelow(1);
    cleared.clear();
    expect(await state(afterClear)).toBe("resolved");

    const ended = new AsyncQueue<number>(5);
    ended.push(1);
    const afterEnd = ended.whenBelow(1);
    ended.end();
    expect(await state(afterEnd)).toBe("resolved");
  });

  it("StreamSubscription.whenBelow() follows the reader", async () => {
    const stream = new StreamSubscription<number>({ subject: "s", bufferSize: 4 });
    for (let i = 0; i < 4; i++) stream.offer(i);
    const below = stream.whenBelow(3);
    expect(await state(below)).toBe("pending");
    const reader = stream[Symbol.asyncIterator]();
    await reader.next();
    await reader.next();
    expect(await state(below)).toBe("resolved");
    await stream.stop();
  });
});
