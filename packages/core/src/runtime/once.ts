/** Memoises an async action so that every caller gets the first call's promise (idempotent close). */
export class Once {
  #promise: Promise<void> | undefined;

  get started(): boolean {
    return this.#promise !== undefined;
  }

  run(action: () => Promise<void>): Promise<void> {
    if (this.#promise === undefined) {
      try {
        this.#promise = action();
      } catch (error) {
        this.#promise = Promise.reject(error);
      }
    }
    return this.#promise;
  }
}
