import { ConfigError } from "@natsflux/core";

/**
 * A user header that publish refuses. `reason` is the exact text the Go transport returns
 * ("empty key not allowed", "reserved key service used, please change to use another one").
 */
export class InvalidHeaderError extends ConfigError {
  /** The refused header key. */
  readonly key: string;
  /** Go's text for the refusal. */
  readonly reason: string;

  constructor(key: string, reason: string) {
    super("headers", reason);
    this.key = key;
    this.reason = reason;
  }
}
