import type { StatusEvent } from "@natsflux/core";

/** Polls `check` until it returns true; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Collects status events so a test can assert on them. */
export function statusLog(): { events: StatusEvent[]; listener: (event: StatusEvent) => void } {
  const events: StatusEvent[] = [];
  return { events, listener: (event) => events.push(event) };
}

/** A promise with its resolve exposed, for holding handlers until the test lets them go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
