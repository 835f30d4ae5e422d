import { ConfigError, NatsfluxError, TimeoutError, TransportError } from "@natsflux/core";
import { natsErrorKind } from "@natsflux/transport-nats/adapter";
import { serverDescription } from "../nats-errors.js";

/**
 * Turns a failed JetStream management request into a natsflux error. `what` names the operation for the
 * message ("ensureStream ORDERS"); conflicts are recognised by the callers before they get here.
 */
export function managementError(what: string, error: unknown, timeoutMs: number): NatsfluxError {
  if (error instanceof NatsfluxError) return error;
  switch (natsErrorKind(error)) {
    case "timeout":
      return new TimeoutError(what, undefined, timeoutMs, error);
    case "no_responders":
      return new TransportError(
        `${what}: nobody answered on the JetStream API (503 no responders); is JetStream enabled on the server and the account?`,
        error,
      );
    default:
      return new ConfigError(what, serverDescription(error), error);
  }
}
