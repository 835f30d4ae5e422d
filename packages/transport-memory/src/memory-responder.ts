import {
  type Codec,
  defaultQueueGroup,
  type ErrorReply,
  type ErrorReplyEncoder,
  type HandlerContext,
  type Message,
  microErrorReply,
  noopTelemetry,
  type RequestHandler,
  type Responder,
  type Subscription,
  serviceErrorStatus,
  type Telemetry,
} from "@natsflux/core";
import {
  encodeWith,
  PushSubscriptions,
  throwIfAborted,
  validQueue,
  validSubscribeSubject,
} from "@natsflux/core/internal";
import type { BrokerMessage } from "./broker-types.js";
import type { MemoryBroker } from "./memory-broker.js";
import { toMessage } from "./message.js";
import type { MemoryResponderOptions, MemoryServeOptions } from "./options.js";
import { processWith } from "./process-with.js";

/**
 * Answers typed requests from a MemoryBroker. Instances join the queue group "natsflux" by default, so each
 * request is handled once. A request that does not decode is answered with an error reply (400), a
 * failing handler or an unencodable response with 500 (shaped by `errorReply`); the failure is also reported as `handler_error`.
 */
export class MemoryResponder<Req, Resp> implements Responder<Req, Resp> {
  readonly #broker: MemoryBroker;
  readonly #requestCodec: Codec<Req>;
  readonly #responseCodec: Codec<Resp>;
  readonly #telemetry: Telemetry;
  readonly #subscriptions = new PushSubscriptions("responder");

  constructor(
    broker: MemoryBroker,
    requestCodec: Codec<Req>,
    responseCodec: Codec<Resp>,
    options: MemoryResponderOptions = {},
  ) {
    this.#broker = broker;
    this.#requestCodec = requestCodec;
    this.#responseCodec = responseCodec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
  }

  async serve(
    subject: string,
    handler: RequestHandler<Req, Resp>,
    options: MemoryServeOptions = {},
  ): Promise<Subscription> {
    this.#subscriptions.assertOpen();
    throwIfAborted(options.signal, "serve");
    validSubscribeSubject(subject);
    const queue = options.queue === false ? undefined : validQueue(options.queue ?? defaultQueueGroup);
    const errorReply = options.errorReply ?? microErrorReply;
    return this.#subscriptions.handle<BrokerMessage>(
      subject,
      options,
      (raw, context) => this.#answer(raw, handler, context, queue, errorReply),
      ({ push, attach }) => attach(this.#broker.subscribe(subject, push, { queue })),
    );
  }

  /** Drains every `serve` subscription; later calls to `serve` reject with ClosedError. */
  close(): Promise<void> {
    return this.#subscriptions.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #answer(
    raw: BrokerMessage,
    handler: RequestHandler<Req, Resp>,
    context: HandlerContext,
    queue: string | undefined,
    errorReply: ErrorReplyEncoder,
  ): Promise<void> {
    const run = async (traceContext?: unknown) => {
      let request: Message<Req>;
      try {
        request = toMessage(raw, this.#requestCodec);
      } catch (error) {
        this.#replyError(raw, error, serviceErrorStatus.badRequest, errorReply);
        throw error;
      }
      let data: Uint8Array;
      try {
        data = encodeWith(
          this.#responseCodec,
          await handler(request, traceContext === undefined ? context : { ...context, traceContext }),
          raw.subject,
        );
      } catch (error) {
        this.#replyError(raw, error, serviceErrorStatus.internal, errorReply);
        throw error;
      }
      if (raw.reply !== undefined) this.#broker.publish({ subject: raw.reply, data, headers: {} });
    };
    return processWith(this.#telemetry, raw, queue, run);
  }

  #replyError(raw: BrokerMessage, error: unknown, status: number, encode: ErrorReplyEncoder): void {
    if (raw.reply === undefined) return;
    const failure = { error, status, subject: raw.subject, headers: raw.headers };
    let answer: ErrorReply;
    try {
      answer = encode(failure);
    } catch {
      // The handler's failure is still reported as handler_error; the caller gets the default reply.
      answer = microErrorReply(failure);
    }
    this.#broker.publish({ subject: raw.reply, data: answer.data, headers: { ...answer.headers } });
  }
}
