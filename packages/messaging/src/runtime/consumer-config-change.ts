import type { StatusEvent } from "@natsflux/core";
import type { Logger } from "../logger.js";

type ConfigChanged = Extract<StatusEvent, { type: "consumer_config_changed" }>;

/**
 * Logs a consumer whose configuration start() changed, with each field's old and new value. Warn when
 * instances of the service seem to disagree (one puts back what another replaced, or others were consuming
 * it): they would overwrite each other's configuration on every restart.
 */
export function logConsumerConfigChange(logger: Logger, event: ConfigChanged): void {
  const changes = event.changes
    .map((c) => `${c.field} ${shown(c.field, c.from)} -> ${shown(c.field, c.to)}`)
    .join(", ");
  const attributes = {
    consumer: event.consumer,
    stream: event.stream,
    changes: event.changes,
    reverted: event.reverted,
    otherPulls: event.otherPulls,
  };
  const which = `consumer "${event.consumer}" on stream "${event.stream}"`;
  if (event.reverted) {
    logger.warn(
      `instances of this service declare different options for ${which}: this one put back ${changes}, ` +
        "which another instance had replaced; they overwrite each other on every start. Declare the same options everywhere",
      attributes,
    );
  } else if (event.otherPulls > 0) {
    logger.warn(
      `${which} changed while other instances were consuming it: ${changes}. ` +
        "Instances that still declare the old values (other than during a rolling redeploy) put them back when they start",
      attributes,
    );
  } else {
    logger.info(`${which} updated to the declared configuration: ${changes}`, attributes);
  }
}

/** Server durations are nanoseconds: shown in ms, as they are declared. */
const durations = new Set(["ack_wait", "backoff", "inactive_threshold"]);

function shown(field: string, value: unknown): string {
  if (!durations.has(field)) return JSON.stringify(value);
  const ms = (ns: unknown) => (typeof ns === "number" ? `${ns / 1_000_000}ms` : JSON.stringify(ns));
  return Array.isArray(value) ? `[${value.map(ms).join(", ")}]` : ms(value);
}
