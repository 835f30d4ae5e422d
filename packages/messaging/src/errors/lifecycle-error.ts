import { NatsfluxError } from "@natsflux/core";

/** An operation that does not fit the connection's or publisher's state (start twice, publish before start). */
export class LifecycleError extends NatsfluxError {
  constructor(message: string) {
    super("CONFIG", message);
  }
}
