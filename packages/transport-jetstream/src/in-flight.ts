/** Counts pending operations so `close()` can wait for them. */
export class InFlight {
  #count = 0;
  #idle: Array<() => void> = [];

  get count(): number {
    return this.#count;
  }

  /** Counts `promise` until it settles; returns it unchanged. */
  track<R>(promise: Promise<R>): Promise<R> {
    this.#count++;
    const done = () => {
      this.#count--;
      if (this.#count === 0 && this.#idle.length > 0) {
        const waiters = this.#idle;
        this.#idle = [];
        for (const wake of waiters) wake();
      }
    };
    promise.then(done, done);
    return promise;
  }

  /** Resolves once nothing is pending. */
  idle(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
