import type { BrokerDeliver, BrokerMessage, BrokerSubscription } from "./broker-types.js";

type State = "active" | "draining" | "closed";

/**
 * One subscription inside the broker. Counts the deliveries it has scheduled, so `drain()` can resolve
 * once the last of them ran, while `unsubscribe()` lets the pending ones fall on the floor.
 */
export class Entry implements BrokerSubscription {
  readonly subject: string;
  readonly queue: string | undefined;
  readonly #deliver: BrokerDeliver;
  readonly #remove: (entry: Entry) => void;
  #state: State = "active";
  #inTransit = 0;
  #drained: (() => void) | undefined;
  #drainPromise: Promise<void> | undefined;

  constructor(
    subject: string,
    queue: string | undefined,
    deliver: BrokerDeliver,
    remove: (e: Entry) => void,
  ) {
    this.subject = subject;
    this.queue = queue;
    this.#deliver = deliver;
    this.#remove = remove;
  }

  get active(): boolean {
    return this.#state === "active";
  }

  schedule(message: BrokerMessage): void {
    this.#inTransit++;
    queueMicrotask(() => {
      this.#inTransit--;
      try {
        if (this.#state !== "closed") this.#deliver(message);
      } finally {
        if (this.#inTransit === 0) this.#drained?.();
      }
    });
  }

  unsubscribe(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#remove(this);
    this.#drained?.();
  }

  drain(): Promise<void> {
    if (this.#drainPromise !== undefined) return this.#drainPromise;
    if (this.#state === "closed") return Promise.resolve();
    this.#state = "draining";
    this.#remove(this);
    this.#drainPromise = new Promise<void>((resolve) => {
      this.#drained = () => {
        this.#state = "closed";
        resolve();
      };
      if (this.#inTransit === 0) this.#drained();
    });
    return this.#drainPromise;
  }
}
