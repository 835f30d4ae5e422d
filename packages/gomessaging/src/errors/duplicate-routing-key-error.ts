import { ConfigError } from "@natsflux/core";

/** The same routing key was registered twice on one routing table (Go silently keeps the last). */
export class DuplicateRoutingKeyError extends ConfigError {
  /** The key registered twice. */
  readonly routingKey: string;

  constructor(routingKey: string) {
    super("routingKey", `${JSON.stringify(routingKey)} is already registered`);
    this.routingKey = routingKey;
  }
}
