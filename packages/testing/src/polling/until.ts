/** How long `until` keeps probing, and how often. */
export interface UntilOptions {
  /** Give up after this long (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Pause between probes (default 10 ms): short enough not to slow a test, long enough not to spin. */
  readonly intervalMs?: number;
}

/** A polled condition did not hold in time; the message names what was awaited (and what was seen, if told). */
export class UntilTimeoutError extends Error {
  readonly what: string;
  readonly timeoutMs: number;

  constructor(what: string, timeoutMs: number, options?: ErrorOptions) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}`, options);
    this.name = new.target.name;
    this.what = what;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Probes state until `probe` returns a truthy value, and returns that value, so a test waits exactly as long as
 * the state takes to change instead of sleeping a guessed time. `probe` may be async (e.g. a consumer-info call);
 * an error it throws fails the wait at once. `what` is evaluated on timeout, so it can describe the state seen.
 */
export async function until<T>(
  what: string | (() => string),
  probe: () => T | Promise<T>,
  options: UntilOptions = {},
): Promise<Exclude<T, false | 0 | "" | null | undefined>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 10;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, false | 0 | "" | null | undefined>;
    if (Date.now() >= deadline)
      throw new UntilTimeoutError(typeof what === "function" ? what() : what, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
