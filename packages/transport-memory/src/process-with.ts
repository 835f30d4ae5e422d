import { noopTelemetry, type Telemetry } from "@natsflux/core";
import type { BrokerMessage } from "./broker-types.js";

/** Runs the handling of one delivered message inside the telemetry hook (directly when it is the no-op). */
export function processWith<R>(
  telemetry: Telemetry,
  raw: BrokerMessage,
  queue: string | undefined,
  run: (traceContext?: unknown) => Promise<R>,
): Promise<R> {
  if (telemetry === noopTelemetry) return run();
  return telemetry.process(
    {
      system: "memory",
      subject: raw.subject,
      headers: raw.headers,
      bodySize: raw.data.length,
      ...(queue === undefined ? {} : { consumerGroup: queue }),
    },
    run,
  );
}
