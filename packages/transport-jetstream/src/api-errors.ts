import { ConfigError, NatsfluxError, TimeoutError, TransportError } from "@natsflux/core";
import { isInvalidArgument, isNatsTimeout, isNoResponders, serverDescription } from "./nats-errors.js";

/**
 * Turns a failed JetStream management request into a natsflux error. `what` names the operation for the
 * message ("ensureStream ORDERS"); conflicts are recognised by the callers before they get here.
 */
export function managementError(what: string, error: unknown, timeoutMs: number): NatsfluxError {
  if (error instanceof NatsfluxError) return error;
  if (isNatsTimeout(error)) return new TimeoutError(what, undefined, timeoutMs, error);
  if (isNoResponders(error)) {
    return new TransportError(
      `${what}: nobody answered on the JetStream API (503 no responders); is JetStream enabled on the server and the account?`,
      error,
    );
  }
  if (isInvalidArgument(error)) return new ConfigError(what, serverDescription(error), error);
  return new ConfigError(what, serverDescription(error), error);
}
