import { ConfigError } from "@natsflux/core";

/** A setup passed to `start()` or `collectTopology()` is invalid or failed; `cause` has the detail. */
export class SetupError extends ConfigError {
  readonly setup: string;
  constructor(setup: string, cause: unknown) {
    super(setup, cause instanceof Error ? cause.message : String(cause), cause);
    this.setup = setup;
  }
}
