import { type Codec, ConfigError } from "@natsflux/core";
import { encodeWith } from "@natsflux/core/internal";
import { buildPublishHeaders, natsSubject } from "@natsflux/spec";
import type { JetStreamPublisher } from "@natsflux/transport-jetstream";
import type { FacadeConfig } from "../config.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { PublishOptions, PublishSink } from "../publisher.js";

// A published routing key becomes a subject: wildcards and whitespace would make it invalid or a filter.
const invalidPublishKey = /(^|\.)(\.|$)|[*>#\s]/;

/**
 * Publishes to `{stream}.{routingKey}` with the CloudEvents header set of the Go transport and waits for
 * the stream's acknowledgement, as Go's JetStream publish does.
 */
export function streamPublishSink(
  stream: string,
  codec: Codec<unknown>,
  deps: {
    config: Readonly<FacadeConfig>;
    publisher: JetStreamPublisher<Uint8Array>;
    metrics: MetricsRecorder;
  },
): PublishSink<unknown, unknown> {
  const { config, publisher, metrics } = deps;
  return {
    async publish(routingKey: string, payload: unknown, options: PublishOptions | undefined) {
      if (routingKey === "" || invalidPublishKey.test(routingKey)) {
        throw new ConfigError(
          "routingKey",
          `${JSON.stringify(routingKey)} cannot be published: it must be non-empty, without wildcards, whitespace or empty tokens`,
        );
      }
      const subject = natsSubject(stream, routingKey);
      const headers = buildPublishHeaders({
        serviceName: config.serviceName,
        routingKey,
        headers: options?.headers,
        contentType: codec.contentType,
      });
      const data = encodeWith(codec, payload, subject);
      const labels = { stream, routingKey };
      const started = performance.now();
      try {
        await publisher.publish(subject, data, {
          headers,
          ...(options?.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        metrics.publishFailed(labels, performance.now() - started);
        throw error;
      }
      metrics.publishSucceed(labels, performance.now() - started);
      return undefined;
    },
  };
}
