/**
 * Resolves after one turn of the event loop (pending I/O included): makes a handler really asynchronous, or a
 * reader slower than a flood, without making the test depend on a duration.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
