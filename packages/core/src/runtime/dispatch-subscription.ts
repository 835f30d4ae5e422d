import type { HandlerContext } from "../handler.js";
import type { StatusListener } from "../status.js";
import { Dispatcher } from "./dispatcher.js";
import { notify } from "./notify.js";
import { SubscriptionLifecycle } from "./subscription-lifecycle.js";
import { validCount } from "./validate-options.js";

export interface DispatchOptions {
  readonly subject: string;
  readonly concurrency?: number;
  readonly onStatus?: StatusListener;
  readonly signal?: AbortSignal;
  /** How long `drain()` waits for handlers before stopping them. @default defaultDrainTimeoutMs */
  readonly drainTimeout?: number;
}

/**
 * A handler-mode subscription shared by every transport: bounded concurrency, in-order delivery at
 * concurrency 1, stop/drain that wait (boundedly) for in-flight handlers, and a `closed` promise. The transport
 * feeds it with `deliver()` and tells it how to stop the server-side flow through a `SubscriptionSource`.
 * `process` must handle its own errors; anything it throws is reported as a `handler_error` status.
 */
export class DispatchSubscription<M> extends SubscriptionLifecycle<M> {
  readonly context: HandlerContext;
  readonly #dispatcher: Dispatcher<M>;
  readonly #abort = new AbortController();

  constructor(
    process: (message: M, context: HandlerContext) => void | Promise<void>,
    options: DispatchOptions,
  ) {
    super(options.subject, options.drainTimeout);
    this.context = { signal: this.#abort.signal };
    const context = this.context;
    const concurrency = validConcurrency(options.concurrency);
    this.#dispatcher = new Dispatcher<M>(
      (message) => process(message, context),
      concurrency,
      (error) => notify(options.onStatus, { type: "handler_error", subject: this.subject, error }),
    );
    this.watchSignal(options.signal, options.onStatus);
  }

  get inFlight(): number {
    return this.#dispatcher.running;
  }

  /** Messages received and not yet finished (running plus waiting). */
  get backlog(): number {
    return this.#dispatcher.size;
  }

  deliver(message: M): void {
    this.#dispatcher.push(message);
  }

  /** Resolves once the backlog is below `limit`; pull transports await it before asking for more. */
  whenBelow(limit: number): Promise<void> {
    return this.#dispatcher.whenBelow(limit);
  }

  protected async afterStop(): Promise<void> {
    const dropped = this.#dispatcher.clear();
    if (dropped.length > 0) this.source?.discard?.(dropped);
    this.#abort.abort(new Error(`subscription to "${this.subject}" stopped`));
    await this.#dispatcher.idle();
  }

  protected afterDrain(): Promise<void> {
    return this.#dispatcher.idle();
  }

  protected afterFail(): Promise<void> {
    return this.#dispatcher.idle();
  }
}

export function validConcurrency(value: number | undefined): number {
  return validCount("concurrency", value, 1);
}
