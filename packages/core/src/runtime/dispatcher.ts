/**
 * Runs a processing function over incoming items with at most `concurrency` running at once.
 * With concurrency 1, items are processed strictly one after another, in arrival order.
 * Items that arrive while all slots are busy wait in a FIFO queue; the transport decides how large
 * that queue may grow (pull transports stop pulling, Core NATS reports slow consumers).
 */
export class Dispatcher<M> {
  readonly #process: (item: M) => void | Promise<void>;
  readonly #onError: (error: unknown, item: M) => void;
  readonly #concurrency: number;
  #queue: M[] = [];
  #head = 0;
  #running = 0;
  #idleWaiters: Array<() => void> = [];
  #spaceWaiters: Array<() => void> = [];
  #pumping = false;

  constructor(
    process: (item: M) => void | Promise<void>,
    concurrency: number,
    onError: (error: unknown, item: M) => void,
  ) {
    this.#process = process;
    this.#concurrency = concurrency;
    this.#onError = onError;
  }

  /** Items running plus items waiting. */
  get size(): number {
    return this.#running + this.#queue.length - this.#head;
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#queue.length - this.#head;
  }

  push(item: M): void {
    if (this.#pumping || this.#running >= this.#concurrency || this.#head < this.#queue.length) {
      this.#queue.push(item);
      this.#pump();
      return;
    }
    // A free slot and nobody waiting ahead: start it without a trip through the queue.
    this.#pumping = true;
    try {
      this.#start(item);
    } finally {
      this.#pumping = false;
    }
    if (this.#head < this.#queue.length) this.#pump();
  }

  /** Drops every queued item that has not started and returns them. */
  clear(): M[] {
    const dropped = this.#queue.slice(this.#head);
    this.#queue = [];
    this.#head = 0;
    this.#settleWaiters();
    return dropped;
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Resolves once fewer than `limit` items are running or waiting. */
  whenBelow(limit: number): Promise<void> {
    if (this.size < limit) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.size < limit) resolve();
        else this.#spaceWaiters.push(check);
      };
      this.#spaceWaiters.push(check);
    });
  }

  #pump(): void {
    // A loop instead of recursion: synchronous handlers must not grow the stack.
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#running < this.#concurrency && this.#head < this.#queue.length) {
        const item = this.#queue[this.#head] as M;
        this.#queue[this.#head] = undefined as M;
        this.#head++;
        if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
          this.#queue = this.#queue.slice(this.#head);
          this.#head = 0;
        }
        this.#start(item);
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** Runs one item in a free slot; a synchronous result finishes at once, a promise when it settles. */
  #start(item: M): void {
    this.#running++;
    let result: void | Promise<void>;
    try {
      result = this.#process(item);
    } catch (error) {
      this.#finish(error, item, true);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        () => this.#finish(undefined, item, false),
        (error: unknown) => this.#finish(error, item, false),
      );
    } else {
      this.#finish(undefined, item, true);
    }
  }

  #finish(error: unknown, item: M, inPump: boolean): void {
    this.#running--;
    if (error !== undefined) {
      try {
        this.#onError(error, item);
      } catch {
        // The error sink must never break the loop.
      }
    }
    if (!inPump) this.#pump();
    this.#settleWaiters();
  }

  #settleWaiters(): void {
    if (this.#spaceWaiters.length > 0) {
      const waiters = this.#spaceWaiters;
      this.#spaceWaiters = [];
      for (const wake of waiters) wake();
    }
    if (this.size === 0 && this.#idleWaiters.length > 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }
}
