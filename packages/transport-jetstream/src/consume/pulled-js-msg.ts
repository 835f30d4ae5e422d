import type { DeliveryInfo, JsMsg, PullOptions } from "@nats-io/jetstream";
import { type Msg, type MsgHdrs, millis, type NatsConnection, nanos } from "@nats-io/nats-core";
import { ackTimestampNanos, parseAckSubject } from "./ack-subject.js";

/** What every message of one pull consumer shares: the connection `ackAck()` requests on, and its timeout. */
export interface AckContext {
  readonly nc: NatsConnection;
  /** Default `ackAck()` timeout in ms (the JetStream client's request timeout). */
  readonly ackTimeout: number;
}

// The JetStream ack protocol: payloads sent to the message's ack (reply) subject.
const encoder = new TextEncoder();
const ackPayload = encoder.encode("+ACK");
const nakPayload = encoder.encode("-NAK");
const workingPayload = encoder.encode("+WPI");
const termPayload = encoder.encode("+TERM");

/**
 * A message received on one of our own pull inboxes, as the client's JetStream message type. One object per
 * consumed message with nothing computed up front: delivery info is parsed from the ack subject on first use.
 * The first ack, nak, term, `next()` or `ackAck()` is final and later ones send nothing; `working()` may repeat
 * until then.
 */
export class PulledJsMsg implements JsMsg {
  readonly #msg: Msg;
  readonly #context: AckContext;
  #info: DeliveryInfo | undefined;
  #acked = false;

  constructor(msg: Msg, context: AckContext) {
    this.#msg = msg;
    this.#context = context;
  }

  get data(): Uint8Array {
    return this.#msg.data;
  }

  get subject(): string {
    return this.#msg.subject;
  }

  get sid(): number {
    return this.#msg.sid;
  }

  /** Parsed on first use; throws on headers the client cannot parse (see the NATS adapter's headersOf). */
  get headers(): MsgHdrs | undefined {
    return this.#msg.headers;
  }

  /** Throws an AckSubjectError when the reply subject is not a JetStream ack subject. */
  get info(): DeliveryInfo {
    this.#info ??= parseAckSubject(this.#msg.reply ?? "", this.#msg.subject);
    return this.#info;
  }

  get seq(): number {
    return this.info.streamSequence;
  }

  get redelivered(): boolean {
    return this.info.redelivered;
  }

  get time(): Date {
    return new Date(millis(this.info.timestampNanos));
  }

  get timestamp(): string {
    return this.time.toISOString();
  }

  get timestampNanos(): bigint {
    void this.info; // validates the whole subject (once) before the token is read
    return ackTimestampNanos(this.#msg.reply ?? "");
  }

  ack(): void {
    this.#final(ackPayload);
  }

  /** Without a delay (or with 0) the server redelivers at once. */
  nak(millis?: number): void {
    this.#final(millis ? encoder.encode(`-NAK ${JSON.stringify({ delay: nanos(millis) })}`) : nakPayload);
  }

  /** Resets the server's ack wait for this message; repeatable until it is settled. */
  working(): void {
    if (!this.#acked) this.#msg.respond(workingPayload);
  }

  /** The reason is understood by servers 2.11 and newer; older ones do not take it as an ack at all. */
  term(reason?: string): void {
    this.#final(reason ? encoder.encode(`+TERM ${reason}`) : termPayload);
  }

  /** Acks and asks for more messages on `subject` in one go. */
  next(subject: string, options: Partial<PullOptions> = {}): void {
    const request: { batch: number; no_wait: boolean; expires?: number } = {
      batch: options.batch || 1,
      no_wait: options.no_wait || false,
    };
    if (options.expires !== undefined && options.expires > 0) request.expires = nanos(options.expires);
    this.#final(encoder.encode(`+NXT ${JSON.stringify(request)}`), subject);
  }

  /**
   * Acks and waits for the server to confirm it: true once confirmed; false when the message was settled
   * already or has no ack subject. Rejects with the client's timeout (or no-responders) error.
   */
  async ackAck(options?: Partial<{ timeout: number }>): Promise<boolean> {
    if (this.#acked) return false;
    this.#acked = true;
    const reply = this.#msg.reply;
    if (!reply) return false;
    const timeout = options?.timeout || this.#context.ackTimeout;
    await this.#context.nc.request(reply, ackPayload, { timeout });
    return true;
  }

  json<T>(): T {
    return this.#msg.json<T>();
  }

  string(): string {
    return this.#msg.string();
  }

  #final(payload: Uint8Array, replyTo?: string): void {
    if (this.#acked) return;
    this.#acked = true;
    if (replyTo === undefined) this.#msg.respond(payload);
    else this.#msg.respond(payload, { reply: replyTo });
  }
}
