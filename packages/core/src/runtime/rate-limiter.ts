export interface RateLimits {
  /** Events reported one by one per window. @default 5 */
  readonly burst?: number;
  /** Length of a window in ms. @default 10000 */
  readonly windowMs?: number;
}

/** The events of one window that were not reported one by one. */
export interface HeldBack<E> {
  readonly count: number;
  /** How many per key. */
  readonly byKey: Record<string, number>;
  /** The last one held back. */
  readonly last: E;
  readonly windowMs: number;
}

export interface RateLimiterOptions<E> extends RateLimits {
  /** Reports one event (the first `burst` of each window). */
  readonly each: (event: E) => void;
  /** Reports what a window held back, when it ends or on `flush()`. */
  readonly summary: (heldBack: HeldBack<E>) => void;
}

/**
 * Reports events at a bounded rate: the first `burst` of each window one by one, the rest counted (per key,
 * with the last event) and reported as one summary when the window ends or on `flush()`. A failure that
 * repeats on every message then costs at most `burst + 1` reports per window instead of one per message.
 */
export class RateLimiter<E> {
  readonly #each: (event: E) => void;
  readonly #summary: (heldBack: HeldBack<E>) => void;
  readonly #burst: number;
  readonly #windowMs: number;
  #windowStart = Number.NEGATIVE_INFINITY;
  #reported = 0;
  #heldBack = new Map<string, number>();
  #last: E | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: RateLimiterOptions<E>) {
    this.#each = options.each;
    this.#summary = options.summary;
    this.#burst = options.burst ?? 5;
    this.#windowMs = options.windowMs ?? 10_000;
  }

  offer(key: string, event: E): void {
    const now = Date.now();
    if (now - this.#windowStart >= this.#windowMs) {
      this.flush();
      this.#windowStart = now;
      this.#reported = 0;
    }
    if (this.#reported < this.#burst) {
      this.#reported++;
      this.#each(event);
      return;
    }
    this.#heldBack.set(key, (this.#heldBack.get(key) ?? 0) + 1);
    this.#last = event;
    if (this.#timer === undefined) {
      this.#timer = setTimeout(() => this.flush(), this.#windowStart + this.#windowMs - now);
      // A pending summary must not keep the process alive; the owner flushes it when it stops.
      this.#timer.unref?.();
    }
  }

  /** Reports the summary of what was held back, if anything was. Idempotent. */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#heldBack.size === 0) return;
    const byKey = Object.fromEntries(this.#heldBack);
    const count = [...this.#heldBack.values()].reduce((a, b) => a + b, 0);
    const last = this.#last as E;
    this.#heldBack = new Map();
    this.#last = undefined;
    this.#summary({ count, byKey, last, windowMs: this.#windowMs });
  }
}
