import { describe, where } from "./encode-error.js";
import { NatsfluxError } from "./natsflux-error.js";

/**
 * Received bytes could not be turned into a value by the codec (or failed its schema).
 * Transports treat it as poison: it is never redelivered (JetStream terms it).
 */
export class DecodeError extends NatsfluxError {
  readonly codec: string;
  readonly subject: string | undefined;

  constructor(codec: string, subject: string | undefined, cause: unknown) {
    super("DECODE", `codec "${codec}" could not decode the message${where(subject)}: ${describe(cause)}`, {
      cause,
    });
    this.codec = codec;
    this.subject = subject;
  }
}
