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
    promise.then(this.#done, this.#done);
    return promise;
  }

  // One function for every tracked promise, not a closure per publish.
  readonly #done = (): void => {
    this.#count--;
    if (this.#count === 0 && this.#idle.length > 0) {
      const waiters = this.#idle;
      this.#idle = [];
      for (const wake of waiters) wake();
    }
  };

  /** Resolves once nothing is pending. */
  idle(): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
