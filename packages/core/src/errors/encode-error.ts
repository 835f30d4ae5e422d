import { NatsfluxError } from "./natsflux-error.js";

/** A value could not be turned into bytes by its codec. Nothing was sent. */
export class EncodeError extends NatsfluxError {
  readonly codec: string;
  readonly subject: string | undefined;

  constructor(codec: string, subject: string | undefined, cause: unknown) {
    super("ENCODE", `codec "${codec}" could not encode the value${where(subject)}: ${describe(cause)}`, {
      cause,
    });
    this.codec = codec;
    this.subject = subject;
  }
}

export function where(subject: string | undefined): string {
  return subject === undefined ? "" : ` for subject "${subject}"`;
}

export function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
