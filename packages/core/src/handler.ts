import type { Message } from "./message.js";

/** What a handler receives besides the message. */
export interface HandlerContext {
  /** Aborted when the subscription stops without draining; long handlers should watch it. */
  readonly signal: AbortSignal;
  /**
   * The trace context of the span processing this message, when a tracing `Telemetry` made one (an
   * OpenTelemetry `Context` with `@natsflux/otel`). Handlers also run inside it when a context manager is
   * registered; without one, pass it on explicitly.
   */
  readonly traceContext?: unknown;
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
