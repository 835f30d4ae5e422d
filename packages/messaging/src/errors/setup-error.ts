import { ConfigError } from "@natsflux/core";

/**
 * A setup passed to `start()` or `collectTopology()` is invalid or failed; `cause` has the detail. `field`
 * is the cause's field when it is a ConfigError (the same field `createConnection`'s options would name).
 */
export class SetupError extends ConfigError {
  readonly setup: string;
  constructor(setup: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(cause instanceof ConfigError ? cause.field : setup, detail, cause);
    this.message = `${setup}: ${detail}`;
    this.setup = setup;
  }
}
