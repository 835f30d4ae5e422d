import type { Msg, MsgHdrs, NatsConnection } from "@nats-io/nats-core";
import {
  ClosedError,
  type Codec,
  DecodeError,
  microErrorFromReply,
  noopTelemetry,
  type Requester,
  type RequestOptions,
  type Telemetry,
  toHeaderRecord,
} from "@natsflux/core";
import {
  decodeWith,
  encodeWith,
  Once,
  PublishSubjectCheck,
  raceAbort,
  throwIfAborted,
  validMaxControlLine,
  validTimeout,
} from "@natsflux/core/internal";
import { toNatsfluxError } from "./errors.js";
import { toNatsHeaders } from "./headers.js";
import { defaultRequestTimeoutMs, type NatsRequesterOptions } from "./options.js";
import { checkPayloadSize, replyBytesOf } from "./send.js";

/**
 * Sends typed requests over Core NATS request-reply on a connection the caller owns, and resolves with
 * the typed reply. Failures are distinct errors: NoRespondersError at once when nobody listens,
 * TimeoutError, AbortedError, RemoteError for an error reply (by default the micro protocol's
 * `Nats-Service-Error` / `Nats-Service-Error-Code` headers; see `RequestOptions.errorReply`), DecodeError for a reply the response codec rejects.
 */
export class NatsRequester<Req, Resp> implements Requester<Req, Resp> {
  readonly #nc: NatsConnection;
  readonly #requestCodec: Codec<Req>;
  readonly #responseCodec: Codec<Resp>;
  readonly #telemetry: Telemetry;
  readonly #timeout: number;
  readonly #once = new Once();
  /** Rejecters of the requests waiting for a reply, so close() can release their callers at once. */
  readonly #waiting = new Set<() => void>();
  readonly #subjects: PublishSubjectCheck;

  constructor(
    nc: NatsConnection,
    requestCodec: Codec<Req>,
    responseCodec: Codec<Resp>,
    options: NatsRequesterOptions = {},
  ) {
    this.#nc = nc;
    this.#requestCodec = requestCodec;
    this.#responseCodec = responseCodec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
    this.#timeout = validTimeout(options.timeout ?? defaultRequestTimeoutMs);
    this.#subjects = new PublishSubjectCheck(replyBytesOf(nc), validMaxControlLine(options.maxControlLine));
  }

  async request(subject: string, request: Req, options?: RequestOptions): Promise<Resp> {
    if (this.#once.started) throw new ClosedError("requester");
    this.#subjects.check(subject);
    const signal = options?.signal;
    throwIfAborted(signal, `request to "${subject}"`);
    const timeout = options?.timeout === undefined ? this.#timeout : validTimeout(options.timeout);
    const data = encodeWith(this.#requestCodec, request, subject);
    checkPayloadSize(this.#nc, "request", subject, data.length);
    if (this.#telemetry === noopTelemetry) {
      // nats.js captures a stack trace per request (unless noAsyncTraces), dearer with every frame between
      // the caller and nc.request(): it is called right here, as shallow as a raw nc.request().
      const headers = toNatsHeaders(options?.headers);
      const sent = this.#nc.request(
        subject,
        data,
        headers === undefined ? { timeout } : { timeout, headers },
      );
      return this.#answer(subject, sent, timeout, options);
    }
    // The hook may add trace context to this record; the NATS headers are built from it afterwards.
    const headers = toHeaderRecord(options?.headers);
    return this.#telemetry.request({ system: "nats", subject, headers, bodySize: data.length }, () => {
      const natsHeaders = toNatsHeaders(headers);
      const sent = this.#nc.request(
        subject,
        data,
        natsHeaders === undefined ? { timeout } : { timeout, headers: natsHeaders },
      );
      return this.#answer(subject, sent, timeout, options);
    });
  }

  /**
   * Stops accepting requests and rejects the ones still waiting for a reply with `ClosedError` at once,
   * rather than letting close() wait out their timeouts. The connection stays open. Idempotent.
   */
  close(): Promise<void> {
    return this.#once.run(async () => {
      const waiting = [...this.#waiting];
      this.#waiting.clear();
      for (const release of waiting) release();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * The typed reply to a sent request, or the error it ended with. nats.js has no cancellation for a request:
   * on abort the caller is released at once and the client forgets the reply when its own timer fires.
   */
  async #answer(
    subject: string,
    sent: Promise<Msg>,
    timeout: number,
    options: RequestOptions | undefined,
  ): Promise<Resp> {
    let reply: Msg;
    try {
      reply = await this.#untilClosed(raceAbort(sent, options?.signal, `request to "${subject}"`), subject);
    } catch (error) {
      throw toNatsfluxError(error, "request", subject, timeout);
    }
    let replyHeaders: MsgHdrs | undefined;
    try {
      // nats.js parses headers lazily in this getter and throws on a header block it cannot read.
      replyHeaders = reply.headers;
    } catch (error) {
      throw new DecodeError("nats-headers", subject, error);
    }
    const errorReply = options?.errorReply;
    if (replyHeaders !== undefined || errorReply !== undefined) {
      const remote = (errorReply ?? microErrorFromReply)({
        subject,
        data: reply.data,
        header: (key) => replyHeaders?.get(key) || undefined,
      });
      if (remote !== undefined) throw remote;
    }
    return decodeWith(this.#responseCodec, reply.data, subject);
  }

  /** `reply`, or a ClosedError as soon as close() is called (nats.js forgets the reply at its own timeout). */
  #untilClosed(reply: Promise<Msg>, subject: string): Promise<Msg> {
    return new Promise<Msg>((resolve, reject) => {
      const release = () =>
        reject(new ClosedError("requester", new Error(`request to "${subject}" was waiting for its reply`)));
      this.#waiting.add(release);
      reply.then(
        (msg) => {
          this.#waiting.delete(release);
          resolve(msg);
        },
        (error: unknown) => {
          this.#waiting.delete(release);
          reject(error);
        },
      );
    });
  }
}
