import type { StatusListener } from "../status.js";
import type { Subscription } from "../subscription.js";
import { onAbort } from "./abort.js";
import { notify } from "./notify.js";
import { Once } from "./once.js";
import { type Settle, settle } from "./settle.js";
import type { SubscriptionSource } from "./subscription-source.js";

/**
 * What every subscription shares, whatever it delivers to: stop/drain/fail run once (the first wins, later
 * calls get its promise), the transport's source is stopped or drained first, and `closed` settles last.
 * Subclasses say what happens to their own backlog after the source has stopped.
 */
export abstract class SubscriptionLifecycle<M> implements Subscription {
  readonly subject: string;
  readonly #once = new Once();
  readonly #closed: Settle<void> = settle<void>();
  #detachSignal: () => void = () => {};
  #source: SubscriptionSource<M> | undefined;

  protected constructor(subject: string) {
    this.subject = subject;
  }

  abstract get inFlight(): number;

  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  get stopping(): boolean {
    return this.#once.started;
  }

  protected get source(): SubscriptionSource<M> | undefined {
    return this.#source;
  }

  attach(source: SubscriptionSource<M>): this {
    this.#source = source;
    // Stopped before the transport attached (e.g. an already-aborted signal): nothing may flow.
    if (this.#once.started) source.stop().catch(() => {});
    return this;
  }

  stop(): Promise<void> {
    return this.#once.run(async () => {
      this.#detachSignal();
      try {
        await this.#source?.stop();
      } finally {
        await this.afterStop();
        this.#closed.resolve();
      }
    });
  }

  drain(): Promise<void> {
    return this.#once.run(async () => {
      this.#detachSignal();
      try {
        await this.#source?.drain();
      } finally {
        await this.afterDrain();
        this.#closed.resolve();
      }
    });
  }

  /** Ends the subscription because the transport failed; `closed` rejects with `error`. */
  fail(error: unknown): Promise<void> {
    return this.#once.run(async () => {
      this.#detachSignal();
      await this.afterFail(error);
      this.#closed.reject(error);
    });
  }

  close(): Promise<void> {
    return this.drain();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Stops the subscription when `signal` fires. Call it last in the subclass constructor: an already
   * aborted signal stops at once. Nobody awaits that stop, so its failure is reported, not left unhandled.
   */
  protected watchSignal(signal: AbortSignal | undefined, onStatus: StatusListener | undefined): void {
    this.#detachSignal = onAbort(signal, () => this.stopReporting(onStatus));
  }

  /** `stop()` for callers that cannot await it. */
  protected stopReporting(onStatus: StatusListener | undefined): void {
    this.stop().catch((error: unknown) => notify(onStatus, { type: "error", error }));
  }

  /** After the source stopped: drop (and hand back) what was never started, end what runs. */
  protected abstract afterStop(): Promise<void> | void;
  /** After the source drained: let the backlog finish. */
  protected abstract afterDrain(): Promise<void> | void;
  /** The transport failed: wind down before `closed` rejects. */
  protected abstract afterFail(error: unknown): Promise<void> | void;
}
