import type { NatsConnection } from "@nats-io/nats-core";
import { TransportError } from "@natsflux/core";
import { natsStreamSettings } from "@natsflux/gomessaging";
import { ensureStream } from "@natsflux/transport-jetstream";
import type { FacadeConfig } from "../config.js";
import { hasRetentionLimits } from "../stream-limits.js";

/**
 * Creates or updates each stream once, in first-use order, exactly as Go configures it (the spec's
 * `natsStreamSettings`). Per-stream limits replace the defaults entirely.
 */
export async function ensureServiceStreams(
  nc: NatsConnection,
  streams: readonly string[],
  config: Readonly<FacadeConfig>,
): Promise<void> {
  for (const stream of new Set(streams)) {
    const limits = config.streams.get(stream) ?? config.streamDefaults;
    if (!hasRetentionLimits(limits)) {
      config.logger.warn("stream has no retention limits configured, storage may grow unbounded", { stream });
    }
    try {
      await ensureStream(nc, natsStreamSettings(stream, limits));
    } catch (error) {
      // Go's wording: "failed to ensure stream {s}: …"; the conflict error (fields) stays the cause.
      throw new TransportError(
        `failed to ensure stream ${stream}: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
  }
}
