/** Collects ids as they arrive and lets the flow wait, with a bound, until all expected ones did. */
export class Seen {
  readonly ids: string[] = [];
  #waiters: Array<() => void> = [];

  add(id: string): void {
    this.ids.push(id);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async all(expected: ReadonlyArray<string>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!expected.every((id) => this.ids.includes(id))) {
      const left = deadline - Date.now();
      if (left <= 0) {
        const missing = expected.filter((id) => !this.ids.includes(id));
        throw new Error(`${what}: still waiting for ${missing.join(", ")} after ${timeoutMs} ms`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
