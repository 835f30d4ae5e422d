import type { StatusEvent } from "@natsflux/core";

type ConfigChanged = Extract<StatusEvent, { type: "consumer_config_changed" }>;

/** What a `consumer_config_changed` event means, for a log line: its level, a sentence, and the fields. */
export interface ConfigChangeDescription {
  readonly level: "info" | "warn";
  readonly message: string;
  readonly attributes: Record<string, unknown>;
}

/**
 * Describes a consumer whose configuration start-up changed, with each field's old and new value (durations
 * in ms). A warning when instances seem to disagree (one puts back what another replaced, or others were
 * consuming it): they would overwrite each other's configuration on every restart.
 */
export function describeConfigChange(event: ConfigChanged): ConfigChangeDescription {
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
    const message =
      `instances of this service declare different options for ${which}: this one put back ${changes}, ` +
      "which another instance had replaced; they overwrite each other on every start. Declare the same options everywhere";
    return { level: "warn", message, attributes };
  }
  if (event.otherPulls > 0) {
    const message =
      `${which} changed while other instances were consuming it: ${changes}. ` +
      "Instances that still declare the old values (other than during a rolling redeploy) put them back when they start";
    return { level: "warn", message, attributes };
  }
  return { level: "info", message: `${which} updated to the declared configuration: ${changes}`, attributes };
}

/** Server durations are nanoseconds: shown in ms, as they are declared. */
const durations = new Set(["ack_wait", "backoff", "inactive_threshold"]);

function shown(field: string, value: unknown): string {
  if (!durations.has(field)) return JSON.stringify(value);
  const ms = (ns: unknown) => (typeof ns === "number" ? `${ns / 1_000_000}ms` : JSON.stringify(ns));
  return Array.isArray(value) ? `[${value.map(ms).join(", ")}]` : ms(value);
}
