import type { Closable } from "./closable.js";
import type { RequestHandler } from "./handler.js";
import { serviceErrorHeaders } from "./service-error.js";
import type { StatusListener } from "./status.js";
import type { Subscription } from "./subscription.js";

/** A request a responder could not answer normally, as an error-reply encoder sees it. */
export interface ServiceFailure {
  /** The handler's failure, the request's decode error, the response's encode error, or the overload. */
  readonly error: unknown;
  /** 400: the request did not decode; 500: the handler failed or its response did not encode; 503: overloaded. */
  readonly status: number;
  /** The request's subject. */
  readonly subject: string;
  /** The request's headers ({} when they could not be read). */
  readonly headers: Readonly<Record<string, string>>;
}

/** The body and headers of one error reply. */
export interface ErrorReply {
  readonly data: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/** Builds the error reply for a failed request; called exactly once per failure that has a reply subject. */
export type ErrorReplyEncoder = (failure: ServiceFailure) => ErrorReply;

const noBody = new Uint8Array(0);

/** The NATS micro protocol's error reply: an empty body, `Nats-Service-Error` and `Nats-Service-Error-Code`. */
export const microErrorReply: ErrorReplyEncoder = (failure) => ({
  data: noBody,
  headers: serviceErrorHeaders(failure.error, failure.status),
});

export interface ServeOptions {
  /**
   * Queue group shared by the instances of a service, so each request is handled once.
   * `false` makes every instance receive every request.
   * @default "natsflux"
   */
  readonly queue?: string | false;
  readonly signal?: AbortSignal;
  /** @default 1 */
  readonly concurrency?: number;
  readonly onStatus?: StatusListener;
  /** Milliseconds `close()` lets running handlers finish before aborting them (see SubscribeOptions). @default 30000 */
  readonly drainTimeout?: number;
  /**
   * How failures are answered (e.g. another framework's error body). An encoder that throws falls back to
   * `microErrorReply`, so the caller is still answered.
   * @default microErrorReply
   */
  readonly errorReply?: ErrorReplyEncoder;
}

/**
 * Answers typed requests. A handler error or an undecodable request is answered with an error reply
 * the requester recognises, so callers never wait out a timeout for a failure that already happened.
 */
export interface Responder<Req, Resp> extends Closable {
  serve(subject: string, handler: RequestHandler<Req, Resp>, options?: ServeOptions): Promise<Subscription>;
}
