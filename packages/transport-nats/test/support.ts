import type { StatusEvent } from "@natsflux/core";
import { until as pollUntil } from "@natsflux/testing";

/** The harness's `until`, in this suite's argument order: fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  await pollUntil(what, check, { timeoutMs, intervalMs: 5 });
}

/** Collects status events so a test can assert on them. */
export function statusLog(): { events: StatusEvent[]; listener: (event: StatusEvent) => void } {
  const events: StatusEvent[] = [];
  return { events, listener: (event) => events.push(event) };
}

/** A promise with its resolve exposed, for holding handlers until the test lets them go. */
export { gate } from "@natsflux/testing";
