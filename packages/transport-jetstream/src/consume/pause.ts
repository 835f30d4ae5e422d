/** Sleeps that `cancel()` cuts short, so stopping a loop never waits out a retry pause. */
export class Pause {
  #timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  #cancelled = false;

  wait(ms: number): Promise<void> {
    if (this.#cancelled) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }

  cancel(): void {
    this.#cancelled = true;
    for (const [timer, resolve] of this.#timers) {
      clearTimeout(timer);
      resolve();
    }
    this.#timers.clear();
  }
}
