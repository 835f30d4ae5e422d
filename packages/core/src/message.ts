import type { Headers } from "./headers.js";
import type { StreamDelivery } from "./stream-delivery.js";

/** A received message with its decoded payload. Transports without acknowledgements deliver this shape. */
export interface Message<T> {
  readonly subject: string;
  readonly payload: T;
  readonly headers: Headers;
  /** Reply subject, when the sender expects an answer. */
  readonly reply: string | undefined;
  /** The raw bytes the payload was decoded from. */
  readonly data: Uint8Array;
}

/**
 * A message from an acknowledging transport (JetStream). Exactly one of ack/nak/term settles it;
 * later calls are ignored. `working()` extends the ack deadline of a slow handler.
 */
export interface AckableMessage<T> extends Message<T> {
  readonly info: StreamDelivery;
  /** True once ack, nak or term has been called. */
  readonly settled: boolean;
  ack(): void;
  /** Ask for redelivery, after `delayMs` when given (a plain nak redelivers at once). */
  nak(delayMs?: number): void;
  /** Never redeliver. `reason` is sent only where the server supports it (2.11+). */
  term(reason?: string): void;
  /** Reset the ack deadline while a long handler is still busy. */
  working(): void;
}

/** True when the message can be acknowledged (it came from an acknowledging transport). */
export function isAckable<T>(message: Message<T>): message is AckableMessage<T> {
  return typeof (message as Partial<AckableMessage<T>>).ack === "function";
}
