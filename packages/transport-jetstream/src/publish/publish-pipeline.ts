import type { Closable } from "@natsflux/core";
import { ClosedError } from "@natsflux/core";
import { Once } from "@natsflux/core/internal";
import { type PipelinedPublish, QueuedPublish } from "./pipelined-publish.js";
import type { JetStreamPublishOptions, PipelineOptions, PubAck } from "./publish-options.js";

export interface PipelineFailure {
  readonly subject: string;
  readonly msgId: string | undefined;
  readonly error: unknown;
}

/** What happened to the publishes sent since the previous `flush()`. */
export interface PipelineSummary {
  readonly acked: number;
  readonly failed: ReadonlyArray<PipelineFailure>;
}

/** Checks and encodes at once (throwing what fails before sending); the returned function sends. */
type Prepare<T> = (subject: string, value: T, options: JetStreamPublishOptions) => () => Promise<PubAck>;

/**
 * Keeps up to `window` publishes awaiting their acknowledgement, which is what makes JetStream publishing fast
 * (one ack round trip per message caps a sequential publisher near 1/RTT). `publish()` resolves as soon as the
 * message is queued and waits only while the window is full, so a fast producer is held back instead of
 * buffering without bound. Results are per message (`ack`) and summed up by `flush()`.
 *
 * ```ts
 * const pipe = publisher.pipeline({ window: 256 });
 * for (const order of orders) await pipe.publish(`orders.${order.id}`, order, { msgId: order.id });
 * const { acked, failed } = await pipe.flush();
 * ```
 */
export class PublishPipeline<T> implements Closable {
  readonly window: number;
  readonly #lowWater: number;
  readonly #prepare: Prepare<T>;
  readonly #onClose: () => void;
  readonly #once = new Once();
  #inFlight = 0;
  #acked = 0;
  #failed: PipelineFailure[] = [];
  #slotWaiters: Array<() => void> = [];
  #queue: QueuedPublish[] = [];
  #scheduled = false;
  #idleWaiters: Array<() => void> = [];

  constructor(prepare: Prepare<T>, options: PipelineOptions, onClose: () => void) {
    const window = options.window ?? 256;
    if (!Number.isInteger(window) || window < 1) {
      throw new RangeError(`window must be an integer >= 1, got ${window}`);
    }
    this.window = window;
    this.#lowWater = Math.floor(window / 2);
    this.#prepare = prepare;
    this.#onClose = onClose;
  }

  /** Publishes awaiting their acknowledgement. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Queues one message once the window has room and resolves with its pending ack; queued messages go out
   * together at the end of the current event-loop turn. Rejects (and sends nothing) when the pipeline is
   * closed, the signal already fired, the value cannot be encoded or a header cannot be carried.
   */
  publish(subject: string, value: T, options: JetStreamPublishOptions = {}): Promise<PipelinedPublish> {
    if (this.#inFlight >= this.window) return this.#publishWhenRoom(subject, value, options);
    // Room now: no async frame, no waiting (one settled promise for the caller to await).
    try {
      return Promise.resolve(this.#enqueue(subject, value, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #publishWhenRoom(
    subject: string,
    value: T,
    options: JetStreamPublishOptions,
  ): Promise<PipelinedPublish> {
    while (this.#inFlight >= this.window) {
      await new Promise<void>((resolve) => this.#slotWaiters.push(resolve));
    }
    return this.#enqueue(subject, value, options);
  }

  #enqueue(subject: string, value: T, options: JetStreamPublishOptions): QueuedPublish {
    if (this.#once.started) throw new ClosedError("publish pipeline");
    const item = new QueuedPublish(subject, options.msgId, this.#prepare(subject, value, options));
    this.#inFlight++;
    this.#queue.push(item);
    this.#schedule();
    return item;
  }

  /** Waits until every sent publish has its answer, then reports them and starts a new count. */
  async flush(): Promise<PipelineSummary> {
    if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    const summary: PipelineSummary = { acked: this.#acked, failed: this.#failed };
    this.#acked = 0;
    this.#failed = [];
    return summary;
  }

  /** Refuses new publishes and waits for the pending ones. Idempotent. */
  close(): Promise<void> {
    return this.#once.run(async () => {
      // Publishers parked on a full window wake up and see the pipeline closed.
      this.#wake(this.#slotWaiters.splice(0));
      await this.flush();
      this.#onClose();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // nats.js writes to the socket from a microtask, so a caller awaiting each publish() would send one message
  // per write (and per server read). Sending what queued up once per event-loop turn makes it one write per
  // burst, as a batch of un-awaited js.publish() calls gets.
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#sendQueued());
  }

  #sendQueued(): void {
    this.#scheduled = false;
    const queued = this.#queue;
    this.#queue = [];
    for (const item of queued) {
      let ack: Promise<PubAck>;
      try {
        ack = item.send();
      } catch (error) {
        this.#settle(item, false, error);
        continue;
      }
      ack.then(
        (result) => this.#settle(item, true, result),
        (error: unknown) => this.#settle(item, false, error),
      );
    }
  }

  #settle(item: QueuedPublish, ok: boolean, outcome: unknown): void {
    this.#inFlight--;
    if (ok) {
      item.acked(outcome as PubAck);
      this.#acked++;
    } else {
      item.failed(outcome);
      this.#failed.push({ subject: item.subject, msgId: item.msgId, error: outcome });
    }
    // Refill in bursts, not one message per ack: a full window reopens at half, so the client writes (and the
    // server reads) many publishes per syscall, like a batch of awaited promises does.
    if (this.#inFlight <= this.#lowWater) this.#wake(this.#slotWaiters.splice(0));
    if (this.#inFlight === 0) this.#wake(this.#idleWaiters.splice(0));
  }

  #wake(waiters: Array<() => void>): void {
    for (const wake of waiters) wake();
  }
}
