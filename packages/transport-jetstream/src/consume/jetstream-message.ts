import type { JsMsg } from "@nats-io/jetstream";
import type { AckableMessage, AckDecision, Headers } from "@natsflux/core";
import type { AckBatcher } from "./ack-batcher.js";
import { serverNakDelay } from "./nak-delay.js";
import { ReadOnlyJetStreamMessage } from "./read-only-jetstream-message.js";

/**
 * A message from a JetStream consumer. Exactly one of ack/nak/term settles it; later calls (and `working()`
 * after settling) are ignored, so auto-ack never settles twice what a handler settled itself.
 */
export class JetStreamMessage<T> extends ReadOnlyJetStreamMessage<T> implements AckableMessage<T> {
  readonly #termReasons: () => boolean;
  readonly #batcher: AckBatcher | undefined;
  readonly #backoff: (() => ReadonlyArray<number> | undefined) | undefined;
  #decision: AckDecision | undefined;

  /**
   * `termReasons` says whether the server understands `+TERM <reason>` (2.11+; older ones get a plain term).
   * Asked only when a reason is given, against the server connected at that moment. `backoff` is the
   * consumer's server-side backoff in ms, asked only when a nak carries a delay.
   */
  constructor(
    msg: JsMsg,
    payload: T,
    termReasons: () => boolean,
    batcher?: AckBatcher,
    backoff?: () => ReadonlyArray<number> | undefined,
    headers?: Headers,
  ) {
    super(msg, payload, headers);
    this.#termReasons = termReasons;
    this.#batcher = batcher;
    this.#backoff = backoff;
  }

  get settled(): boolean {
    return this.#decision !== undefined;
  }

  /** How the message was settled (by the handler or the subscriber), once it was. */
  get decision(): AckDecision | undefined {
    return this.#decision;
  }

  ack(): void {
    if (this.#settle(ackDecision)) this.#send(() => this.msg.ack());
  }

  /**
   * Redelivery after `delayMs` (at once without it), also on a consumer with a server-side `backoff`, where
   * the server would otherwise add the delivery's backoff step to the delay.
   */
  nak(delayMs?: number): void {
    if (!this.#settle(delayMs === undefined ? nakDecision : { action: "nak", delayMs })) return;
    if (delayMs === undefined || !(delayMs > 0)) {
      this.#send(() => this.msg.nak());
      return;
    }
    const backoff = this.#backoff?.();
    const delay =
      backoff === undefined ? delayMs : serverNakDelay(delayMs, this.msg.info.deliveryCount, backoff);
    this.#send(() => this.msg.nak(delay));
  }

  term(reason?: string): void {
    if (!this.#settle(reason === undefined ? termDecision : { action: "term", reason })) return;
    // 2.9/2.10 do not parse "+TERM <reason>" and treat it as no ack at all: the message would come back.
    if (reason && this.#termReasons()) this.#send(() => this.msg.term(reason));
    else this.#send(() => this.msg.term());
  }

  working(): void {
    if (this.#decision === undefined) this.#send(() => this.msg.working());
  }

  // Through the subscription's batcher when there is one, so a turn's acks share a socket write.
  #send(send: () => void): void {
    if (this.#batcher === undefined) send();
    else this.#batcher.run(send);
  }

  #settle(decision: AckDecision): boolean {
    if (this.#decision !== undefined) return false;
    this.#decision = decision;
    return true;
  }
}

// Shared by every message: settling the usual way allocates nothing.
const ackDecision: AckDecision = Object.freeze({ action: "ack" });
const nakDecision: AckDecision = Object.freeze({ action: "nak" });
const termDecision: AckDecision = Object.freeze({ action: "term" });
