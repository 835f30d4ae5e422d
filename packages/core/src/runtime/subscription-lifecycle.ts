import type { StatusListener } from "../status.js";
import type { Subscription } from "../subscription.js";
import { onAbort } from "./abort.js";
import { notify } from "./notify.js";
import { type Settle, settle } from "./settle.js";
import { defaultDrainTimeoutMs, stopGraceMs } from "./shutdown-bounds.js";
import type { SubscriptionSource } from "./subscription-source.js";
import { validTimeout } from "./validate-options.js";
import { within } from "./within.js";

/**
 * What every subscription shares, whatever it delivers to. The first of stop/drain/fail decides how the
 * subscription ends and later calls get its promise, with one exception: `stop()` during a drain (or a
 * failure) escalates it, so handlers are aborted and the pending promise settles within `stopGraceMs`.
 * A drain escalates by itself after `drainTimeout`. The transport's source is stopped or drained first,
 * and `closed` settles last. Subclasses say what happens to their own backlog after the source has stopped.
 */
export abstract class SubscriptionLifecycle<M> implements Subscription {
  readonly subject: string;
  readonly #closed: Settle<void> = settle<void>();
  readonly #drainTimeout: number;
  /** Settled by `stop()` or the drain timeout: whatever still runs must end now. */
  readonly #stopRequest: Settle<false> = settle<false>();
  #ending: Promise<void> | undefined;
  #detachSignal: () => void = () => {};
  #source: SubscriptionSource<M> | undefined;

  protected constructor(subject: string, drainTimeout?: number) {
    this.subject = subject;
    this.#drainTimeout =
      drainTimeout === undefined ? defaultDrainTimeoutMs : validTimeout(drainTimeout, "drainTimeout");
  }

  abstract get inFlight(): number;

  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  get stopping(): boolean {
    return this.#ending !== undefined;
  }

  protected get source(): SubscriptionSource<M> | undefined {
    return this.#source;
  }

  attach(source: SubscriptionSource<M>): this {
    this.#source = source;
    // Stopped before the transport attached (e.g. an already-aborted signal): nothing may flow.
    if (this.#ending !== undefined) source.stop().catch(() => {});
    return this;
  }

  /** Stops at once: handlers are aborted and waited for at most `stopGraceMs`. Escalates a pending drain. */
  stop(): Promise<void> {
    this.#stopRequest.resolve(false);
    this.#ending ??= this.#end(true);
    return this.#ending;
  }

  /** Lets what was received finish, for at most `drainTimeout`; then it stops. */
  drain(): Promise<void> {
    this.#ending ??= this.#end(false);
    return this.#ending;
  }

  /** Ends the subscription because the transport failed; `closed` rejects with `error`. */
  fail(error: unknown): Promise<void> {
    this.#ending ??= this.#failWith(error);
    return this.#ending;
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

  async #end(stopNow: boolean): Promise<void> {
    this.#detachSignal();
    try {
      if (!stopNow) {
        const timer = setTimeout(() => this.#stopRequest.resolve(false), this.#drainTimeout);
        try {
          if (await this.#unlessStopped(this.#drainGracefully())) return;
        } finally {
          clearTimeout(timer);
        }
      }
      await this.#stopNow();
    } finally {
      this.#closed.resolve();
    }
  }

  async #failWith(error: unknown): Promise<void> {
    this.#detachSignal();
    try {
      if (!(await this.#unlessStopped(Promise.resolve(this.afterFail(error))))) await this.#stopNow();
    } finally {
      this.#closed.reject(error);
    }
  }

  async #drainGracefully(): Promise<void> {
    try {
      await this.#source?.drain();
    } finally {
      await this.afterDrain();
    }
  }

  async #stopNow(): Promise<void> {
    try {
      await this.#source?.stop();
    } finally {
      // A handler that ignores its aborted signal must not hold shutdown: it is abandoned after the grace.
      await within(Promise.resolve(this.afterStop()), stopGraceMs);
    }
  }

  /** True when `work` finished first, false when a stop was requested first. */
  #unlessStopped(work: Promise<void>): Promise<boolean> {
    return Promise.race([work.then(() => true), this.#stopRequest.promise]);
  }

  /** After the source stopped: drop (and hand back) what was never started, abort and end what runs. */
  protected abstract afterStop(): Promise<void> | void;
  /** After the source drained: let the backlog finish. */
  protected abstract afterDrain(): Promise<void> | void;
  /** The transport failed: wind down before `closed` rejects. */
  protected abstract afterFail(error: unknown): Promise<void> | void;
}
