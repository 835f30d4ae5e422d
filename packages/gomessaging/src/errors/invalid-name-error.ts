import { ConfigError } from "@natsflux/core";

/**
 * A name the broker would refuse (or that would silently mean something else), caught before
 * anything is sent. `field` says which name (`streamName`, `durableName`, `routingKey`, ...).
 */
export class InvalidNameError extends ConfigError {
  /** The refused name. */
  readonly value: string;
  /** Why the broker would refuse it. */
  readonly reason: string;

  constructor(field: string, value: string, reason: string) {
    super(field, `${JSON.stringify(value)} is not valid: ${reason}`);
    this.value = value;
    this.reason = reason;
  }
}
