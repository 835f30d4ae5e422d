import { DecodeError } from "@natsflux/core";

/**
 * A received message's reply subject is not a JetStream ack subject (`$JS.ACK...`, ADR-15): its delivery info
 * cannot be read. A DecodeError, so the retry policy treats the message as poison instead of retrying it.
 */
export class AckSubjectError extends DecodeError {
  /** The reply subject that could not be parsed ("" when the message had none). */
  readonly ackSubject: string;
  /** What was wrong with it. */
  readonly reason: string;

  constructor(ackSubject: string, reason: string, subject?: string) {
    super(
      "jetstream-ack-subject",
      subject,
      `reply subject "${ackSubject}" is not a JetStream ack subject: ${reason}`,
    );
    this.ackSubject = ackSubject;
    this.reason = reason;
  }
}
