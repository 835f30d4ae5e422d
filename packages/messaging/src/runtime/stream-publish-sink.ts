import { type Codec, ConfigError } from "@natsflux/core";
import { encodeWith } from "@natsflux/core/internal";
import { buildPublishHeaders, natsSubject } from "@natsflux/spec";
import type { JetStreamPublisher } from "@natsflux/transport-jetstream";
import type { FacadeConfig } from "../config.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { PublishOptions, PublishSink } from "../publisher.js";
import type { FacadeTracing } from "./facade-tracing.js";

// Wildcards of routing keys (`*`, `#`) and of NATS (`>`) would make the subject a filter, or one that a
// consumer's key matching reads differently; the subject rules themselves are the transport's.
const wildcardChars = /[*>#]/;

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
    tracing: FacadeTracing;
  },
): PublishSink<unknown, unknown> {
  const { config, publisher, metrics, tracing } = deps;
  return {
    // Not async: one derived promise per publish instead of an async frame awaiting another.
    publish(routingKey: string, payload: unknown, options: PublishOptions | undefined): Promise<undefined> {
      if (routingKey === "" || wildcardChars.test(routingKey)) {
        return Promise.reject(
          new ConfigError(
            "routingKey",
            `${JSON.stringify(routingKey)} cannot be published: it must be non-empty, without wildcards, whitespace or empty tokens`,
          ),
        );
      }
      const subject = natsSubject(stream, routingKey);
      try {
        // Whitespace, empty tokens, and a subject too long for the server's protocol line.
        publisher.checkSubject(subject, "routingKey");
      } catch (error) {
        return Promise.reject(error);
      }
      // As in Go, the span covers header and payload errors too; trace headers go in once ce-id is known.
      const span = tracing.publish(stream, routingKey, subject, options?.traceContext);
      let sent: Promise<unknown>;
      let started: number;
      try {
        const headers = buildPublishHeaders({
          serviceName: config.serviceName,
          routingKey,
          headers: options?.headers,
          contentType: codec.contentType,
        });
        const data = encodeWith(codec, payload, subject);
        span.sending(headers, data.length);
        const signal = options?.signal;
        started = performance.now();
        sent = publisher.publish(subject, data, signal === undefined ? { headers } : { headers, signal });
      } catch (error) {
        // Only failures of the send itself count as failed publishes (Go records no metric for the others).
        span.end(error);
        return Promise.reject(error);
      }
      return sent.then(
        () => {
          metrics.publishSucceed({ stream, routingKey }, performance.now() - started);
          span.end();
          return undefined;
        },
        (error: unknown) => {
          metrics.publishFailed({ stream, routingKey }, performance.now() - started);
          span.end(error);
          throw error;
        },
      );
    },
  };
}
