import type { Closable } from "./closable.js";
import type { HeadersInit } from "./headers.js";

export interface RequestOptions {
  /**
   * Milliseconds to wait for the reply.
   * @default 5000
   */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  readonly headers?: HeadersInit;
}

/**
 * Sends a typed request and resolves with the typed reply. Rejects with `NoRespondersError` at once
 * when nobody listens, `TimeoutError`, `AbortedError`, or `RemoteError` when the responder failed.
 */
export interface Requester<Req, Resp> extends Closable {
  request(subject: string, request: Req, options?: RequestOptions): Promise<Resp>;
}
