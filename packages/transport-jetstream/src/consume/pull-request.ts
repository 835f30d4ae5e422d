import type { JsMsg } from "@nats-io/jetstream";
import { JetStreamStatusError } from "@nats-io/jetstream/internal";
import { createInbox, type Msg, type NatsConnection, nanos, type Subscription } from "@nats-io/nats-core";
import { type PullStatus, pullStatus } from "./pull-status.js";
import { type AckContext, PulledJsMsg } from "./pulled-js-msg.js";

/** How one pull request ended, as far as the loop that sent it is concerned. */
export type PullEnd =
  /** The batch was filled, or the server expired the request (408/404). */
  | { readonly kind: "complete" }
  | { readonly kind: "leadership_change" }
  | { readonly kind: "server_shutdown" }
  /** No message and no heartbeat for `silentMs`, or the request outlived its expiry: the client's own deadline. */
  | { readonly kind: "silent"; readonly silentMs: number }
  /** Ended by the loop (reconnect, stop); the server may or may not still hold it. */
  | { readonly kind: "retired" }
  | { readonly kind: "failed"; readonly error: unknown };

export interface PullRequestSpec {
  readonly subject: string;
  readonly batch: number;
  readonly expires: number;
  readonly idleHeartbeat: number;
  readonly ackTimeout: number;
  /** Sees every status before it is acted on; false drops it. A test seam (e.g. to lose a 409), else absent. */
  readonly statusFilter?: ((status: PullStatus) => boolean) | undefined;
}

export interface PullReceiver {
  /** A message of this request; `counted` while the request is open, false for one arriving after it ended. */
  message(message: JsMsg, counted: boolean): void;
  /** The server answered this request for the first time (a message, heartbeat or expiry); see `#answer`. */
  answered(): void;
}

// The deadline is checked every quarter heartbeat interval; after this many quiet checks the request counts as
// silent: 1.5 to 1.75 intervals after the last thing heard, late enough for a heartbeat that is a little late,
// early enough that a new pull is answered within 2 intervals of the server being able to answer it.
const ticksPerInterval = 4;
const quietTicks = 6;

/**
 * One pull request (`CONSUMER.MSG.NEXT`) on an inbox of its own, with its own deadline: it ends when the
 * server ends it, or when nothing at all (no message, no heartbeat) was heard for 1.5 to 1.75 heartbeat
 * intervals, or when it outlived its expiry. So recovery never waits on a status message that may not come.
 *
 * Its inbox is not closed when the request ends early (a 409, silence, a reconnect): the server may still
 * deliver to it (a shutting-down server sends for a few ms after its 409), and whatever is dropped there
 * comes back only after `ack_wait`. The inbox is kept until the server's last word (batch filled, 408) or
 * until the request's expiry has passed, and messages arriving meanwhile are delivered uncounted.
 */
export class PullRequest {
  readonly ended: Promise<PullEnd>;
  /** Resolves once the inbox is closed. */
  readonly closed: Promise<void>;
  /** Connection epoch the request was sent in (the loop retires older ones on reconnect). */
  readonly epoch: number;
  readonly #spec: PullRequestSpec;
  readonly #receiver: PullReceiver;
  readonly #inbox: string;
  /** Shared by every message of this request. */
  readonly #ackContext: AckContext;
  /** When the server can no longer send to this request: past its expiry (+ a heartbeat interval of slack). */
  #closeAt: number;
  #end!: (end: PullEnd) => void;
  #closed!: () => void;
  #sub: Subscription | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #open = true;
  /** Ended by a 409 (leadership change, shutdown): the server said it is done with this request. */
  #interrupted = false;
  #received = 0;
  #heard = false;
  #answered = false;
  #paused: boolean;
  #quiet = 0;
  #lastHeard = Date.now();

  constructor(
    nc: NatsConnection,
    spec: PullRequestSpec,
    receiver: PullReceiver,
    options: { epoch: number; paused: boolean },
  ) {
    this.#spec = spec;
    this.#receiver = receiver;
    this.epoch = options.epoch;
    this.#paused = options.paused;
    this.ended = new Promise((resolve) => {
      this.#end = resolve;
    });
    this.closed = new Promise((resolve) => {
      this.#closed = resolve;
    });
    const { batch, expires, idleHeartbeat } = spec;
    this.#closeAt = Date.now() + expires + idleHeartbeat;
    const prefix = (nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix;
    this.#inbox = createInbox(prefix);
    this.#ackContext = { nc, ackTimeout: spec.ackTimeout };
    try {
      this.#sub = nc.subscribe(this.#inbox, { callback: (error, msg) => this.#receive(error, msg) });
      const body = { batch, expires: nanos(expires), idle_heartbeat: nanos(idleHeartbeat) };
      nc.publish(spec.subject, JSON.stringify(body), { reply: this.#inbox });
    } catch (error) {
      this.#finish({ kind: "failed", error });
      this.close();
      return;
    }
    this.#timer = setInterval(() => this.#tick(), idleHeartbeat / ticksPerInterval);
    this.#timer.unref?.();
  }

  /** While disconnected nothing can be heard: the silence deadline waits. */
  pause(): void {
    this.#paused = true;
  }

  // A request sent while disconnected waited in the client's buffer: its expiry runs from the reconnect.
  resume(): void {
    this.#paused = false;
    this.#quiet = 0;
    this.#lastHeard = Date.now();
    this.#closeAt = Date.now() + this.#spec.expires + this.#spec.idleHeartbeat;
  }

  /** Ends the request for the loop; the inbox stays until the server could no longer send to it. */
  retire(): void {
    this.#finish({ kind: "retired" });
  }

  /** Closes the inbox now (the subscription stopped, or the request's last word came). */
  close(): void {
    this.#finish({ kind: "retired" });
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    const sub = this.#sub;
    this.#sub = undefined;
    try {
      sub?.unsubscribe();
    } catch {
      // The connection is closed already: nothing is subscribed any more.
    }
    this.#closed();
  }

  #receive(error: Error | null, msg: Msg): void {
    if (error !== null) {
      // A permission error ends the subscription on the server: the inbox is gone.
      this.#finish({ kind: "failed", error });
      this.close();
      return;
    }
    this.#heard = true;
    if (msg.subject !== this.#inbox) {
      const open = this.#open;
      if (open) this.#received++;
      if (!this.#answered) this.#answer();
      this.#receiver.message(new PulledJsMsg(msg, this.#ackContext), open);
      if (open && this.#received >= this.#spec.batch) {
        this.#finish({ kind: "complete" });
        this.close();
      }
      return;
    }
    this.#status(pullStatus(msg));
  }

  #status(status: PullStatus): void {
    const filter = this.#spec.statusFilter;
    if (filter !== undefined && !filter(status)) return;
    switch (status.kind) {
      case "heartbeat":
        if (!this.#answered) this.#answer();
        return;
      case "expired":
        if (!this.#answered) this.#answer();
        this.#finish({ kind: "complete" });
        this.close();
        return;
      case "leadership_change":
      case "server_shutdown":
        this.#interrupted = true;
        this.#finish({ kind: status.kind });
        return;
      case "failed":
        this.#finish({ kind: "failed", error: new JetStreamStatusError(status.description, status.code) });
        // After a 400/503 the server holds no request for this inbox.
        if (status.code !== 409) this.close();
        return;
      default:
    }
  }

  // Hearing from a request that went silent (or was retired on a reconnect) means the server is back; what
  // trickles in after a 409 only ends the old leader's or the stopping server's delivery.
  #answer(): void {
    this.#answered = true;
    if (this.#open || !this.#interrupted) this.#receiver.answered();
  }

  #tick(): void {
    const now = Date.now();
    if (!this.#open) {
      if (now >= this.#closeAt) this.close();
      return;
    }
    if (this.#paused) return;
    if (this.#heard) {
      this.#heard = false;
      this.#quiet = 0;
      this.#lastHeard = now;
    } else if (++this.#quiet >= quietTicks || now >= this.#closeAt) {
      this.#finish({ kind: "silent", silentMs: now - this.#lastHeard });
    }
  }

  #finish(end: PullEnd): void {
    if (!this.#open) return;
    this.#open = false;
    // Whatever is heard from it now tells that the server is back.
    if (end.kind === "silent" || end.kind === "retired") this.#answered = false;
    this.#end(end);
  }
}
