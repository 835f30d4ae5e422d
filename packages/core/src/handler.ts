import type { Message } from "./message.js";

/** What a handler receives besides the message. */
export interface HandlerContext {
  /** Aborted when the subscription stops without draining; long handlers should watch it. */
  readonly signal: AbortSignal;
}

/** Processes one message. Returning (or resolving) means success; throwing (or rejecting) means failure. */
export type Handler<T, M extends Message<T> = Message<T>> = (
  message: M,
  context: HandlerContext,
) => void | Promise<void>;

/** Answers one request. The resolved value is encoded and sent back; a rejection becomes an error reply. */
export type RequestHandler<Req, Resp> = (
  request: Message<Req>,
  context: HandlerContext,
) => Resp | Promise<Resp>;
