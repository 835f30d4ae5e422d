import type { StatusListener } from "@natsflux/core";
import { notify } from "@natsflux/core/internal";

/**
 * Reports messages a subscription had to drop (its buffer was full, or `stop()` left them unhandled) as
 * `slow_consumer` status events, like Core NATS: the broker cannot hold a publisher back. Drops within
 * one microtask are coalesced into one event.
 */
export class DropReporter {
  readonly #subject: string;
  readonly #listener: StatusListener | undefined;
  #pending = 0;
  #scheduled = false;

  constructor(subject: string, listener: StatusListener | undefined) {
    this.#subject = subject;
    this.#listener = listener;
  }

  drop(count = 1): void {
    if (count <= 0) return;
    this.#pending += count;
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      const dropped = this.#pending;
      this.#pending = 0;
      notify(this.#listener, { type: "slow_consumer", subject: this.#subject, dropped });
    });
  }
}
