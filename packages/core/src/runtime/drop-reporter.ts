import type { StatusListener } from "../status.js";
import { notify } from "./notify.js";

/**
 * Counts messages a subscription without flow control (Core NATS, the memory broker) had to drop (buffer
 * full, or received but never handled because of `stop()`) and reports them as `slow_consumer` status
 * events. Drops are coalesced: one event per burst (a microtask after the first drop, so a socket read that
 * overflows the buffer gives one event with the total), never one event per message. Without a status
 * listener the first overflow raises a process warning instead, so drops are never silent; messages
 * skipped by a deliberate `stop()` do not (that is what stop is documented to do).
 */
export class DropReporter {
  readonly #subject: string;
  readonly #listener: StatusListener | undefined;
  #pending = 0;
  #scheduled = false;
  #overflowed = false;
  #warned = false;

  constructor(subject: string, listener: StatusListener | undefined) {
    this.#subject = subject;
    this.#listener = listener;
  }

  /** The buffer or backlog was full: the message is lost. */
  drop(count = 1): void {
    if (count <= 0) return;
    this.#overflowed = true;
    this.#add(count);
  }

  /** Received, but never handled because the subscription was stopped. Reported at once. */
  discard(count: number): void {
    if (count <= 0) return;
    this.#add(count);
    this.flush();
  }

  #add(count: number): void {
    this.#pending += count;
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(this.flush);
  }

  /** Reports what is pending now (called on stop, so the final count is out before `closed` settles). */
  readonly flush = (): void => {
    this.#scheduled = false;
    if (this.#pending === 0) return;
    const dropped = this.#pending;
    this.#pending = 0;
    if (this.#listener !== undefined) {
      notify(this.#listener, { type: "slow_consumer", subject: this.#subject, dropped });
    } else if (this.#overflowed && !this.#warned) {
      this.#warned = true;
      globalThis.process?.emitWarning?.(
        `natsflux: subscription to "${this.#subject}" dropped ${dropped} message(s): the handler or reader cannot keep up (pass onStatus to observe slow_consumer events)`,
        { code: "NATSFLUX_SLOW_CONSUMER" },
      );
    }
  };
}
