import { until } from "../polling/until.js";

/**
 * Polls `condition` until it holds, so tests wait for exactly as long as needed instead of sleeping.
 * Rejects after `timeoutMs` with `what` (evaluated then, so it can report the state it saw).
 */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 5000,
  what: string | (() => string) = "condition",
): Promise<void> {
  await until(what, condition, { timeoutMs, intervalMs: 5 });
}

/** Rejects with a named error when `promise` takes longer than `timeoutMs`, so a hang fails fast and clearly. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether `promise` is still pending once already-queued callbacks and I/O have run. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  let pending = true;
  const mark = () => {
    pending = false;
  };
  promise.then(mark, mark);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return pending;
}
