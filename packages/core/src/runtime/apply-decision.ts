import type { AckableMessage } from "../message.js";
import type { AckDecision } from "../retry-policy.js";

/** Acknowledges `message` as `decision` says, unless the handler already settled it itself. */
export function applyDecision<T>(message: AckableMessage<T>, decision: AckDecision): void {
  if (message.settled) return;
  switch (decision.action) {
    case "ack":
      message.ack();
      return;
    case "nak":
      message.nak(decision.delayMs);
      return;
    case "term":
      message.term(decision.reason);
      return;
  }
}
