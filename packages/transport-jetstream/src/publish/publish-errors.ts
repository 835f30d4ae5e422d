import { NatsfluxError, PermissionError, PublishError } from "@natsflux/core";
import { natsErrorKind } from "@natsflux/transport-nats/adapter";
import { PublishTimeoutError } from "../errors.js";
import { apiCode, serverDescription } from "../nats-errors.js";

/** The natsflux error for a failed JetStream publish. */
export function publishError(
  subject: string,
  error: unknown,
  timeoutMs: number,
  msgId: string | undefined,
): NatsfluxError {
  if (error instanceof NatsfluxError) return error;
  switch (natsErrorKind(error)) {
    case "timeout":
      return new PublishTimeoutError(subject, timeoutMs, msgId, error);
    case "no_responders":
      return new PublishError(
        subject,
        error,
        `publish to "${subject}" failed: no stream captures this subject (the server answered 503 no responders). ` +
          "Create a stream whose subjects match it (ensureStream), and check that JetStream is enabled. " +
          "If the stream exists, it has no leader right now (a cluster election or a server restart is under way): " +
          "retry, with the same msgId so the stream drops a copy",
      );
    case "permission":
      return new PermissionError("publish", subject, error);
    default:
  }
  const code = apiCode(error);
  if (code !== undefined) {
    return new PublishError(
      subject,
      error,
      `publish to "${subject}" was refused by the stream: ${serverDescription(error)} (code ${code})`,
    );
  }
  return new PublishError(subject, error);
}
