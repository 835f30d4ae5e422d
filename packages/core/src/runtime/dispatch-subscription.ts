import { ConfigError } from "../errors/operation-errors.js";
import type { HandlerContext } from "../handler.js";
import type { StatusListener } from "../status.js";
import type { Subscription } from "../subscription.js";
import { onAbort } from "./abort.js";
import { Dispatcher } from "./dispatcher.js";
import { notify } from "./notify.js";
import { Once } from "./once.js";
import { type Settle, settle } from "./settle.js";
import type { SubscriptionSource } from "./subscription-source.js";

export interface DispatchOptions {
  readonly subject: string;
  readonly concurrency?: number;
  readonly onStatus?: StatusListener;
  readonly signal?: AbortSignal;
}

/**
 * A handler-mode subscription shared by every transport: bounded concurrency, in-order delivery at
 * concurrency 1, stop/drain that wait for in-flight handlers, and a `closed` promise. The transport
 * feeds it with `deliver()` and tells it how to stop the server-side flow through a `SubscriptionSource`.
 * `process` must handle its own errors; anything it throws is reported as a `handler_error` status.
 */
export class DispatchSubscription<M> implements Subscription {
  readonly subject: string;
  readonly context: HandlerContext;
  readonly #dispatcher: Dispatcher<M>;
  readonly #abort = new AbortController();
  readonly #once = new Once();
  readonly #closed: Settle<void> = settle<void>();
  // Assigned before the signal is watched: an already-aborted signal calls stop() from the constructor.
  #detachSignal: () => void = () => {};
  #source: SubscriptionSource<M> | undefined;

  constructor(
    process: (message: M, context: HandlerContext) => void | Promise<void>,
    options: DispatchOptions,
  ) {
    this.subject = options.subject;
    this.context = { signal: this.#abort.signal };
    const context = this.context;
    const concurrency = validConcurrency(options.concurrency);
    this.#dispatcher = new Dispatcher<M>(
      (message) => process(message, context),
      concurrency,
      (error) => notify(options.onStatus, { type: "handler_error", subject: this.subject, error }),
    );
    // Nobody awaits a stop the signal started, so its failure is reported rather than left unhandled.
    this.#detachSignal = onAbort(options.signal, () => {
      this.stop().catch((error: unknown) => notify(options.onStatus, { type: "error", error }));
    });
  }

  get closed(): Promise<void> {
    return this.#closed.promise;
  }

  get inFlight(): number {
    return this.#dispatcher.running;
  }

  /** Messages received and not yet finished (running plus waiting). */
  get backlog(): number {
    return this.#dispatcher.size;
  }

  get stopping(): boolean {
    return this.#once.started;
  }

  attach(source: SubscriptionSource<M>): this {
    this.#source = source;
    // Stopped before the transport attached (e.g. an already-aborted signal): nothing may flow.
    if (this.#once.started) source.stop().catch(() => {});
    return this;
  }

  deliver(message: M): void {
    this.#dispatcher.push(message);
  }

  /** Resolves once the backlog is below `limit`; pull transports await it before asking for more. */
  whenBelow(limit: number): Promise<void> {
    return this.#dispatcher.whenBelow(limit);
  }

  stop(): Promise<void> {
    return this.#once.run(async () => {
      this.#detachSignal();
      try {
        await this.#source?.stop();
      } finally {
        const dropped = this.#dispatcher.clear();
        if (dropped.length > 0) this.#source?.discard?.(dropped);
        this.#abort.abort(new Error(`subscription to "${this.subject}" stopped`));
        await this.#dispatcher.idle();
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
        await this.#dispatcher.idle();
        this.#closed.resolve();
      }
    });
  }

  /** Ends the subscription because the transport failed; `closed` rejects with `error`. */
  fail(error: unknown): Promise<void> {
    return this.#once.run(async () => {
      this.#detachSignal();
      await this.#dispatcher.idle();
      this.#closed.reject(error);
    });
  }

  close(): Promise<void> {
    return this.drain();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

export function validConcurrency(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError("concurrency", `must be an integer >= 1, got ${value}`);
  }
  return value;
}
