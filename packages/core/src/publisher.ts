import type { Closable } from "./closable.js";
import type { HeadersInit } from "./headers.js";

export interface PublishOptions {
  /** Sent exactly as given (keys keep their case). */
  readonly headers?: HeadersInit;
  readonly signal?: AbortSignal;
}

/**
 * Sends typed values to subjects. `Receipt` is what the transport confirms (void for Core NATS,
 * the stream acknowledgement for JetStream).
 */
export interface Publisher<T, Receipt = void, Options extends PublishOptions = PublishOptions>
  extends Closable {
  publish(subject: string, value: T, options?: Options): Promise<Receipt>;
}
