/**
 * A bounded FIFO that is consumed with `for await`. Producers check `push()`'s result (false when
 * full) or wait with `whenSpace()`, so memory stays bounded. Breaking out of the loop calls `onReturn` with
 * the items the reader left behind, so the owner can hand them back (JetStream naks them).
 */
export class AsyncQueue<M> implements AsyncIterableIterator<M> {
  readonly capacity: number;
  #items: M[] = [];
  #head = 0;
  #ended = false;
  #error: unknown;
  #readers: Array<{ resolve: (r: IteratorResult<M>) => void; reject: (e: unknown) => void }> = [];
  #spaceWaiters: Array<() => void> = [];
  #belowWaiters: Array<{ readonly limit: number; readonly resolve: () => void }> = [];
  readonly #onReturn: ((dropped: M[]) => void) | undefined;

  constructor(capacity: number, onReturn?: (dropped: M[]) => void) {
    this.capacity = capacity;
    this.#onReturn = onReturn;
  }

  get length(): number {
    return this.#items.length - this.#head;
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Adds an item; returns false (and keeps nothing) when the queue is full or ended. */
  push(item: M): boolean {
    if (this.#ended) return false;
    const reader = this.#readers.shift();
    if (reader) {
      reader.resolve({ value: item, done: false });
      return true;
    }
    if (this.full) return false;
    this.#items.push(item);
    return true;
  }

  /** Resolves when there is room for another item (or the queue has ended). */
  whenSpace(): Promise<void> {
    if (!this.full || this.#ended) return Promise.resolve();
    return new Promise((resolve) => this.#spaceWaiters.push(resolve));
  }

  /**
   * Resolves once fewer than `limit` items are buffered (or the queue has ended). Pull transports use it
   * to ask for a whole batch only when the batch will fit, instead of waking for every free slot.
   */
  whenBelow(limit: number): Promise<void> {
    if (this.length < limit || this.#ended) return Promise.resolve();
    return new Promise((resolve) => this.#belowWaiters.push({ limit, resolve }));
  }

  /** No more items will come; readers finish after the buffered ones. With `error`, iteration throws it. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    if (this.length === 0) this.#flushReaders();
    this.#wakeSpace();
  }

  /** Drops buffered items and returns them. */
  clear(): M[] {
    const dropped = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    this.#wakeSpace();
    return dropped;
  }

  next(): Promise<IteratorResult<M>> {
    if (this.#head < this.#items.length) {
      const value = this.#items[this.#head] as M;
      this.#items[this.#head] = undefined as M;
      this.#head++;
      if (this.#head === this.#items.length) {
        this.#items = [];
        this.#head = 0;
      }
      this.#wakeSpace();
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) {
      if (this.#error !== undefined) {
        const error = this.#error;
        this.#error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => this.#readers.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<M>> {
    this.end();
    this.#onReturn?.(this.clear());
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<M> {
    return this;
  }

  #flushReaders(): void {
    const readers = this.#readers;
    this.#readers = [];
    const error = this.#error;
    if (error !== undefined) this.#error = undefined;
    for (const [i, reader] of readers.entries()) {
      if (error !== undefined && i === 0) reader.reject(error);
      else reader.resolve({ value: undefined, done: true });
    }
  }

  #wakeSpace(): void {
    if (this.#belowWaiters.length > 0) this.#wakeBelow();
    if (this.#spaceWaiters.length === 0 || (this.full && !this.#ended)) return;
    const waiters = this.#spaceWaiters;
    this.#spaceWaiters = [];
    for (const wake of waiters) wake();
  }

  #wakeBelow(): void {
    const waiters = this.#belowWaiters;
    this.#belowWaiters = [];
    for (const waiter of waiters) {
      if (this.#ended || this.length < waiter.limit) waiter.resolve();
      else this.#belowWaiters.push(waiter);
    }
  }
}
