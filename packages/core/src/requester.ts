import type { Closable } from "./closable.js";
import type { RemoteError } from "./errors/operation-errors.js";
import type { HeadersInit } from "./headers.js";
import { remoteErrorFromHeaders } from "./service-error.js";

/** A reply as an error-reply decoder sees it, before the response codec does. */
export interface ReplyView {
  /** The request's subject. */
  readonly subject: string;
  readonly data: Uint8Array;
  /** One header of the reply; undefined when absent. */
  header(key: string): string | undefined;
}

/** Recognises an error reply: the RemoteError it stands for, or undefined for an ordinary reply. */
export type ErrorReplyDecoder = (reply: ReplyView) => RemoteError | undefined;

/** Recognises the NATS micro protocol's error reply by its `Nats-Service-Error` headers. */
export const microErrorFromReply: ErrorReplyDecoder = (reply) =>
  remoteErrorFromHeaders(reply.subject, (key) => reply.header(key));

export interface RequestOptions {
  /**
   * Milliseconds to wait for the reply.
   * @default 5000
   */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  readonly headers?: HeadersInit;
  /**
   * Recognises error replies (e.g. another framework's error body); one it recognises rejects the request
   * with its RemoteError instead of being decoded.
   * @default microErrorFromReply
   */
  readonly errorReply?: ErrorReplyDecoder;
}

/**
 * Sends a typed request and resolves with the typed reply. Rejects with `NoRespondersError` at once
 * when nobody listens, `TimeoutError`, `AbortedError`, or `RemoteError` when the responder failed.
 */
export interface Requester<Req, Resp> extends Closable {
  request(subject: string, request: Req, options?: RequestOptions): Promise<Resp>;
}
