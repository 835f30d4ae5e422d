import type { Msg, NatsConnection } from "@nats-io/nats-core";
import {
  type Codec,
  type ErrorReply,
  type ErrorReplyEncoder,
  type HandlerContext,
  type Headers,
  type Message,
  microErrorReply,
  noopTelemetry,
  type RequestHandler,
  type Responder,
  type StatusListener,
  type Subscription,
  serviceErrorStatus,
  type Telemetry,
} from "@natsflux/core";
import {
  encodeWith,
  notify,
  PushSubscriptions,
  throwIfAborted,
  validMaxControlLine,
  validSubscription,
} from "@natsflux/core/internal";
import { headersOf, toNatsHeaders } from "./headers.js";
import { literalSubjectOf, toMessage } from "./nats-message.js";
import { openNatsSubscription } from "./nats-subscription.js";
import { defaultQueueGroup, type NatsResponderOptions, type NatsServeOptions } from "./options.js";
import { send } from "./send.js";

/** What one `serve()` call answers with; shared by every request it handles. */
interface Service<Req, Resp> {
  readonly subject: string;
  /** `subject` when it has no wildcard (every request then carries it verbatim). */
  readonly literal: string | undefined;
  readonly queue: string | undefined;
  readonly handler: RequestHandler<Req, Resp>;
  readonly onStatus: StatusListener | undefined;
  readonly errorReply: ErrorReplyEncoder;
}

/**
 * Answers typed requests on Core NATS on a connection the caller owns. Instances join the queue group
 * "natsflux" by default, so several of them share the load (`queue: false` makes each one get every
 * request). Failures are answered with a NATS micro-protocol error reply by default (empty body,
 * `Nats-Service-Error: <message>`, `Nats-Service-Error-Code: 500` for handler errors, 400 for requests
 * that cannot be decoded, 503 when the responder is over its `bufferSize`; `errorReply` changes its shape), so callers never wait out
 * their timeout for a failure that already happened. Every failure is also reported as `handler_error`.
 */
export class NatsResponder<Req, Resp> implements Responder<Req, Resp> {
  readonly #nc: NatsConnection;
  readonly #requestCodec: Codec<Req>;
  readonly #responseCodec: Codec<Resp>;
  readonly #telemetry: Telemetry;
  readonly #subscriptions = new PushSubscriptions("responder");
  readonly #maxControlLine: number;

  constructor(
    nc: NatsConnection,
    requestCodec: Codec<Req>,
    responseCodec: Codec<Resp>,
    options: NatsResponderOptions = {},
  ) {
    this.#nc = nc;
    this.#requestCodec = requestCodec;
    this.#responseCodec = responseCodec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
    this.#maxControlLine = validMaxControlLine(options.maxControlLine);
  }

  async serve(
    subject: string,
    handler: RequestHandler<Req, Resp>,
    options: NatsServeOptions = {},
  ): Promise<Subscription> {
    this.#subscriptions.assertOpen();
    const queue = validSubscription(
      subject,
      options.queue === false ? undefined : (options.queue ?? defaultQueueGroup),
      this.#maxControlLine,
    );
    throwIfAborted(options.signal, `serving "${subject}"`);

    const { onStatus } = options;
    const service: Service<Req, Resp> = {
      subject,
      literal: literalSubjectOf(subject),
      queue,
      handler,
      onStatus,
      errorReply: options.errorReply ?? microErrorReply,
    };
    return this.#subscriptions.handle<Msg>(
      subject,
      options,
      (msg, context) => this.#answer(service, msg, context),
      (target) => openNatsSubscription(this.#nc, { subject, queue, onStatus }, target),
      // Tell the caller now rather than let it time out; another instance may have room.
      (msg) =>
        this.#replyError(
          service,
          msg,
          new Error(`responder on "${subject}" is overloaded`),
          serviceErrorStatus.unavailable,
        ),
    );
  }

  /**
   * Drains every `serve()` subscription: requests already received are answered, for at most each one's
   * `drainTimeout`; then handler signals are aborted and close() returns within 500 ms. A handler that
   * settles after that (aborted or not) is still answered while the connection is open, since its caller may
   * still be waiting; nothing is sent once the connection is closed. Idempotent.
   */
  close(): Promise<void> {
    return this.#subscriptions.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Handles one request; never throws, every failure becomes an error reply plus a status event. */
  #answer(service: Service<Req, Resp>, msg: Msg, context: HandlerContext): void | Promise<void> {
    if (this.#telemetry === noopTelemetry) return this.#handle(service, msg, context);
    let headers: Headers;
    try {
      headers = headersOf(msg, service.literal ?? msg.subject);
    } catch (error) {
      this.#fail(service, msg, error, serviceErrorStatus.badRequest);
      return Promise.resolve();
    }
    return this.#telemetry
      .process(
        {
          system: "nats",
          subject: service.literal ?? msg.subject,
          headers,
          bodySize: msg.data.length,
          consumerGroup: service.queue,
        },
        // Traced, a failure (already answered) also rejects, so the hook sees how the request ended.
        async (traceContext) =>
          this.#handle(
            service,
            msg,
            traceContext === undefined ? context : { ...context, traceContext },
            headers,
          ),
      )
      .catch(() => {
        // Every failure was answered and reported as handler_error already.
      });
  }

  /**
   * Decodes, runs the handler and replies. A synchronous handler is answered synchronously, without a promise:
   * the replies to a burst of requests then leave in one socket write (nats.js flushes in a microtask), where
   * a promise per request would let that flush go out after every single reply. With `headers` (the traced
   * path) a failure is thrown after it was answered.
   */
  #handle(
    service: Service<Req, Resp>,
    msg: Msg,
    context: HandlerContext,
    headers?: Headers,
  ): void | Promise<void> {
    const traced = headers !== undefined;
    let request: Message<Req>;
    try {
      request = toMessage(msg, this.#requestCodec, headers, service.literal);
    } catch (error) {
      return this.#failed(service, msg, error, serviceErrorStatus.badRequest, traced);
    }
    let result: Resp | PromiseLike<Resp>;
    try {
      result = service.handler(request, context);
    } catch (error) {
      return this.#failed(service, msg, error, serviceErrorStatus.internal, traced);
    }
    if (!isThenable(result)) return this.#reply(service, msg, request, result, traced);
    return Promise.resolve(result).then(
      (response) => this.#reply(service, msg, request, response, traced),
      (error: unknown) => this.#failed(service, msg, error, serviceErrorStatus.internal, traced),
    );
  }

  #reply(
    service: Service<Req, Resp>,
    msg: Msg,
    request: Message<Req>,
    response: Resp,
    traced: boolean,
  ): void {
    const reply = request.reply;
    if (reply === undefined) return;
    try {
      send(this.#nc, "publish", reply, encodeWith(this.#responseCodec, response, service.subject), undefined);
    } catch (error) {
      // Unencodable or oversized response: the caller still gets an answer instead of a timeout.
      this.#failed(service, msg, error, serviceErrorStatus.internal, traced);
    }
  }

  /** `#fail`, then rethrows `error` when `rethrow` is set. */
  #failed(service: Service<Req, Resp>, msg: Msg, error: unknown, status: number, rethrow: boolean): void {
    this.#fail(service, msg, error, status);
    if (rethrow) throw error;
  }

  #fail(service: Service<Req, Resp>, msg: Msg, error: unknown, status: number): void {
    notify(service.onStatus, { type: "handler_error", subject: service.subject, error });
    this.#replyError(service, msg, error, status);
  }

  /** Sends an error reply when the request has a reply subject; a failure to send is reported. */
  #replyError(service: Service<Req, Resp>, msg: Msg, error: unknown, status: number): void {
    const reply = msg.reply;
    if (!reply) return;
    const subject = service.literal ?? msg.subject;
    const failure = { error, status, subject, headers: headersOrNone(msg, subject) };
    let answer: ErrorReply;
    try {
      answer = service.errorReply(failure);
    } catch (encoderError) {
      notify(service.onStatus, { type: "error", error: encoderError });
      answer = microErrorReply(failure);
    }
    try {
      send(this.#nc, "publish", reply, answer.data, toNatsHeaders(answer.headers));
    } catch (sendError) {
      notify(service.onStatus, { type: "error", error: sendError });
    }
  }
}

/** The request's headers for an error reply; a header block that does not parse is why it failed. */
function headersOrNone(msg: Msg, subject: string): Headers {
  try {
    return headersOf(msg, subject);
  } catch {
    return {};
  }
}

function isThenable<R>(value: R | PromiseLike<R>): value is PromiseLike<R> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
