import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { NatsConnection, Status } from "@nats-io/nats-core";
import { type StatusListener, SubscribeError } from "@natsflux/core";
import { notify, settle } from "@natsflux/core/internal";
import { ApiCode, apiCode, isConnectionClosed, statusCode } from "../nats-errors.js";
import { flushWithin } from "../publish/flush.js";
import type { ConsumerBinding } from "./consumer-binding.js";
import { Pause } from "./pause.js";
import { type PullEnd, PullRequest } from "./pull-request.js";
import type { PullStatus } from "./pull-status.js";

/** Where the pull loop hands messages, and how it learns that there is room for more. */
export interface PullSink {
  /** Messages received and not yet finished by the application. */
  readonly held: number;
  /** Resolves once fewer than `limit` messages are held. */
  whenBelow(limit: number): Promise<void>;
  deliver(message: JsMsg): void;
}

export interface PullLoopOptions {
  readonly batch: number;
  readonly capacity: number;
  readonly expires: number;
  readonly idleHeartbeat: number;
  readonly onStatus: StatusListener | undefined;
  /** The JetStream client the consumer belongs to: its API prefix and ack timeout. */
  readonly js: JetStreamClient;
  /** Test seam: sees each pull status before it is acted on; false drops it (as if it never arrived). */
  readonly statusFilter?: ((status: PullStatus) => boolean) | undefined;
}

const slots = 2;

/**
 * Pulls from a JetStream consumer with bounded memory. Two pull requests of `batch` messages are kept
 * outstanding (so the next batch is already on its way), and a new one is only requested when everything held
 * plus everything asked for stays within `capacity`. Unlike `consume()`, which re-pulls on its own counters and
 * so never stops while the server has messages, a slow application here simply stops the pulling.
 *
 * Failovers and restarts are routine: a 409 leadership change or server shutdown, a pull that went silent
 * (no message, no heartbeat for ~2 intervals) or a reconnect ends the pull and a new one goes out at once,
 * while the old inbox stays open for whatever the server still sends to it. Real failures (consumer deleted,
 * a refused request) are classified, reported as status events, and retried with a growing pause; a vanished
 * consumer is recreated or ends the subscription, as the binding says.
 */
export class PullLoop {
  readonly #binding: ConsumerBinding;
  readonly #sink: PullSink;
  readonly #options: PullLoopOptions;
  readonly #nc: NatsConnection;
  readonly #onFatal: (error: SubscribeError) => void;
  /** Every request whose inbox is still open: outstanding ones and ended ones still lingering. */
  readonly #requests = new Set<PullRequest>();
  readonly #pause = new Pause();
  readonly #stopping = settle<void>();
  #stopped = false;
  #outstanding = 0;
  #recovering: Promise<boolean> | undefined;
  #epoch = 0;
  #disconnected = false;
  #statuses: (AsyncIterable<Status> & { stop?: () => void }) | undefined;
  /** When the current interruption (leader change, shutdown, silence, no responders) began. */
  #interruptedAt: number | undefined;
  #reported = new Set<string>();
  #lastUnresponsive = 0;

  constructor(
    nc: NatsConnection,
    binding: ConsumerBinding,
    sink: PullSink,
    options: PullLoopOptions,
    onFatal: (error: SubscribeError) => void,
  ) {
    this.#nc = nc;
    this.#binding = binding;
    this.#sink = sink;
    this.#options = options;
    this.#onFatal = onFatal;
  }

  /** Starts pulling, unless the subscription was stopped before it got here (an aborted signal). */
  start(): void {
    if (this.#stopped) return;
    this.#watchConnection();
    for (let i = 0; i < slots; i++) void this.#run();
  }

  /**
   * Stops asking for messages. A flush first lets messages the server already sent on the open pulls arrive
   * (they are delivered, and naked on stop); anything still on its way after that is redelivered by the
   * server after `ack_wait`.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#halt();
    await flushWithin(this.#nc, 1000);
    this.#closeAll();
  }

  // Slots notice at their next step; nothing here waits for them (one may be inside a 5 s API request).
  #halt(): void {
    this.#stopped = true;
    this.#stopping.resolve();
    this.#pause.cancel();
    this.#statuses?.stop?.();
    for (const request of this.#requests) request.retire();
  }

  #closeAll(): void {
    for (const request of this.#requests) request.close();
    this.#requests.clear();
  }

  /**
   * While disconnected no pull can be heard, so their deadlines wait. After a reconnect the server may not
   * know the pulls sent before (it restarted, or it is another node): they are retired and sent again at once,
   * their inboxes left open in case the server still holds them.
   */
  #watchConnection(): void {
    const statuses = this.#nc.status() as AsyncIterable<Status> & { stop?: () => void };
    this.#statuses = statuses;
    void (async () => {
      try {
        for await (const status of statuses) {
          if (status.type === "disconnect") {
            this.#disconnected = true;
            this.#epoch++;
            this.#interruptedAt ??= Date.now();
            for (const request of this.#requests) request.pause();
          } else if (status.type === "reconnect") {
            this.#disconnected = false;
            for (const request of this.#requests) {
              if (request.epoch < this.#epoch) request.retire();
              else request.resume();
            }
          }
        }
      } catch {
        // The status stream ends with the connection; the slots find out on their own.
      }
    })();
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopped) {
      // When the batch fits right away the pull goes out synchronously, so the first pulls are on the wire
      // (ahead of whatever the caller sends next) by the time subscribe() resolves.
      if (!this.#tryReserve() && !(await this.#reserveBatch())) return;
      const generation = this.#binding.generation;
      const end = await this.#pullOnce();
      if (this.#stopped) return;
      switch (end.kind) {
        case "complete":
        case "retired":
          failures = 0;
          continue;
        case "leadership_change":
        case "server_shutdown":
          this.#interrupted(end.kind === "leadership_change" ? "consumer_leader_changed" : "server_shutdown");
          failures = 0;
          continue;
        case "silent":
          this.#unresponsive("no_heartbeat", end.silentMs);
          this.#probe();
          continue;
        default:
      }
      // A failure of a pull on a consumer the other slot has recreated meanwhile is stale.
      if (generation !== this.#binding.generation) {
        failures = 0;
        continue;
      }
      failures++;
      if (statusCode(end.error) === 503) {
        // Nobody answers pulls: no leader yet, or JetStream going down. Retried often, so the pulls resume
        // right after an election; the consumer is checked on the side, not in the way.
        this.#interruptedAt ??= Date.now();
        this.#unresponsive("no_responders", Date.now() - this.#interruptedAt);
        this.#probe();
        await this.#pause.wait(Math.min(100 * 2 ** (failures - 1), 500));
        continue;
      }
      if (!(await this.#recover(end.error))) return;
      await this.#pause.wait(Math.min(250 * 2 ** (failures - 1), 5000));
    }
  }

  /** Reserves a batch if it fits now, without waiting. */
  #tryReserve(): boolean {
    const { batch, capacity } = this.#options;
    if (this.#stopped) return false;
    if (this.#sink.held + this.#outstanding + batch > capacity && this.#sink.held !== 0) return false;
    this.#outstanding += batch;
    return true;
  }

  /**
   * Waits until a whole batch fits, then counts it as asked for in the same synchronous step as the last check:
   * both slots wake up together when room appears, and the second must see the first one's batch, or together
   * they would hold a batch more than `capacity`. False when the loop stopped meanwhile (nothing reserved).
   */
  async #reserveBatch(): Promise<boolean> {
    const { batch, capacity } = this.#options;
    while (!this.#stopped && this.#sink.held + this.#outstanding + batch > capacity) {
      // What was asked for is an estimate (a reconnect re-pulls), so never wait for less than "nothing held".
      if (this.#sink.held === 0) break;
      const limit = Math.max(1, capacity - batch - this.#outstanding + 1);
      await Promise.race([this.#sink.whenBelow(limit), this.#stopping.promise]);
    }
    if (this.#stopped) return false;
    this.#outstanding += batch;
    return true;
  }

  /**
   * One pull of the reserved `batch` messages; resolves with how it ended. What it did not receive is no
   * longer counted as asked for once it ended; messages still arriving on its inbox then are delivered anyway
   * (at most a batch above `capacity`, briefly), because dropping them would park them for `ack_wait`.
   */
  async #pullOnce(): Promise<PullEnd> {
    const { batch, expires, idleHeartbeat, js, statusFilter } = this.#options;
    const binding = this.#binding;
    const sink = this.#sink;
    let expected = batch;
    const request = new PullRequest(
      this.#nc,
      {
        subject: `${js.apiPrefix}.CONSUMER.MSG.NEXT.${binding.stream}.${binding.name}`,
        batch,
        expires,
        idleHeartbeat,
        ackTimeout: js.getOptions().timeout ?? 5000,
        statusFilter,
      },
      {
        message: (message, counted) => {
          if (counted && expected > 0) {
            expected--;
            this.#outstanding--;
          }
          if (binding.ephemeral) binding.delivered(message.info.streamSequence);
          sink.deliver(message);
        },
        answered: () => this.#answered(),
      },
      { epoch: this.#epoch, paused: this.#disconnected },
    );
    this.#requests.add(request);
    // The inbox outlives the request (see PullRequest); forget it once it is closed.
    void request.ended.then(() => this.#forgetWhenClosed(request));
    if (this.#stopped) request.close();
    const end = await request.ended;
    this.#outstanding -= expected;
    expected = 0;
    return end;
  }

  #forgetWhenClosed(request: PullRequest): void {
    void request.closed.then(() => this.#requests.delete(request));
  }

  /** A pull was answered: if pulls had been interrupted, they are flowing again. */
  #answered(): void {
    const since = this.#interruptedAt;
    if (since === undefined) return;
    this.#interruptedAt = undefined;
    this.#reported.clear();
    const { stream, name } = this.#binding;
    notify(this.#options.onStatus, {
      type: "consumer_resumed",
      stream,
      consumer: name,
      afterMs: Date.now() - since,
    });
  }

  /** A routine interruption, reported once however many pulls it ended. */
  #interrupted(type: "consumer_leader_changed" | "server_shutdown"): void {
    this.#interruptedAt ??= Date.now();
    if (this.#reported.has(type)) return;
    this.#reported.add(type);
    const { stream, name } = this.#binding;
    notify(this.#options.onStatus, { type, stream, consumer: name });
  }

  /** The waiting period of a failover: reported at most once per two heartbeat intervals. */
  #unresponsive(reason: "no_heartbeat" | "no_responders", silentMs: number): void {
    this.#interruptedAt ??= Date.now() - silentMs;
    const now = Date.now();
    if (now - this.#lastUnresponsive < 2 * this.#options.idleHeartbeat) return;
    this.#lastUnresponsive = now;
    const { stream, name } = this.#binding;
    notify(this.#options.onStatus, {
      type: "consumer_unresponsive",
      stream,
      consumer: name,
      silentMs,
      reason,
    });
  }

  /** Checks on the side whether the consumer still exists; only a definite "not found" changes anything. */
  #probe(): void {
    if (this.#recovering !== undefined) return;
    void this.#recover(probe);
  }

  /** Decides what a failed pull means; false when the loop must end. Shared by both slots. */
  #recover(error: unknown): Promise<boolean> {
    this.#recovering ??= this.#classify(error).finally(() => {
      this.#recovering = undefined;
    });
    return this.#recovering;
  }

  async #classify(error: unknown): Promise<boolean> {
    const { onStatus } = this.#options;
    const binding = this.#binding;
    if (this.#stopped) return false;
    if (isConnectionClosed(error) || this.#nc.isClosed()) {
      return this.#fail(error, "the connection was closed");
    }
    const message = error instanceof Error ? error.message : String(error);
    const code = statusCode(error);
    if (code === 409 && /consumer deleted/i.test(message)) {
      notify(onStatus, { type: "consumer_deleted", stream: binding.stream, consumer: binding.name });
      return this.#replace("was deleted");
    }
    if (code === 400) return this.#fail(error, `the server refused the pull request (${message})`);
    // Anything else (a 409 limit, a probe after silence or 503): is the consumer still there?
    try {
      await binding.consumer.info();
      if (error !== probe) notify(onStatus, { type: "error", error });
      return true;
    } catch (infoError) {
      const infoCode = apiCode(infoError);
      if (infoCode === ApiCode.ConsumerNotFound) {
        notify(onStatus, { type: "consumer_not_found", stream: binding.stream, consumer: binding.name });
        return this.#replace("no longer exists");
      }
      if (infoCode === ApiCode.StreamNotFound) {
        notify(onStatus, { type: "stream_not_found", stream: binding.stream });
        return this.#replace(`no longer exists (stream "${binding.stream}" not found)`);
      }
      if (isConnectionClosed(infoError)) return this.#fail(infoError, "the connection was closed");
      // Disconnected, no leader yet, or slow: keep trying, the client reconnects on its own. A probe says
      // nothing here: the interruption is already reported.
      if (error !== probe) notify(onStatus, { type: "error", error });
      return true;
    }
  }

  /** The consumer is gone: recreate it (retrying until it works or the loop stops) or end the subscription. */
  async #replace(what: string): Promise<boolean> {
    const binding = this.#binding;
    if (!binding.recreate) {
      return this.#fail(
        undefined,
        `consumer "${binding.name}" on stream "${binding.stream}" ${what}; set recreateOnDelete to recreate it`,
      );
    }
    for (let attempt = 0; !this.#stopped; attempt++) {
      try {
        await binding.recreateConsumer();
        notify(this.#options.onStatus, {
          type: "consumer_recreated",
          stream: binding.stream,
          consumer: binding.name,
        });
        return true;
      } catch (error) {
        notify(this.#options.onStatus, { type: "error", error });
        await this.#pause.wait(Math.min(250 * 2 ** attempt, 5000));
      }
    }
    return false;
  }

  #fail(cause: unknown, reason: string): boolean {
    const binding = this.#binding;
    this.#halt();
    this.#closeAll();
    this.#onFatal(
      new SubscribeError(
        binding.subject,
        cause,
        `consuming "${binding.name}" on stream "${binding.stream}" ended: ${reason}`,
      ),
    );
    return false;
  }
}

/** Marks a recovery started by a probe, not by a failed pull: it reports nothing but a missing consumer. */
const probe = Symbol("probe");
