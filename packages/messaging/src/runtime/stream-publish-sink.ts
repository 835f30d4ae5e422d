import { ConfigError, EncodeError } from "@natsflux/core";
import { buildPublishHeaders, natsSubject } from "@natsflux/spec";
import type { JetStreamPublisher } from "@natsflux/transport-jetstream";
import type { FacadeConfig } from "../config.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { PublishOptions, PublishSink } from "../publisher.js";
import type { FacadeTracing } from "./facade-tracing.js";
import type { PublishSpanHook } from "./publish-span-hook.js";

// Wildcards of routing keys (`*`, `#`) and of NATS (`>`) would make the subject a filter, or one that a
// consumer's key matching reads differently; the subject rules themselves are the transport's.
const wildcardChars = /[*>#]/;

/**
 * Publishes to `{stream}.{routingKey}` with the CloudEvents header set of the Go transport, through a
 * JetStreamPublisher holding the declaration's codec, and waits for the stream's acknowledgement, as
 * Go's JetStream publish does.
 */
export function streamPublishSink(
  stream: string,
  contentType: string,
  publisher: JetStreamPublisher<unknown>,
  deps: {
    config: Readonly<FacadeConfig>;
    metrics: MetricsRecorder;
    tracing: FacadeTracing;
    hook: PublishSpanHook;
  },
): PublishSink<unknown, unknown> {
  const { config, metrics, tracing, hook } = deps;
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
      // As in Go, the span covers header and payload errors too.
      const span = tracing.publish(stream, routingKey, subject, options?.traceContext);
      let headers: Record<string, string>;
      try {
        headers = buildPublishHeaders({
          serviceName: config.serviceName,
          routingKey,
          headers: options?.headers,
          contentType,
        });
      } catch (error) {
        span.end(error);
        return Promise.reject(error);
      }
      const signal = options?.signal;
      const started = performance.now();
      hook.current = span;
      const sent = publisher.publish(
        subject,
        payload,
        signal === undefined ? { headers } : { headers, signal },
      );
      hook.current = undefined;
      return sent.then(
        () => {
          metrics.publishSucceed({ stream, routingKey }, performance.now() - started);
          span.end();
          return undefined;
        },
        (error: unknown) => {
          // Only failures of the send itself count as failed publishes (Go records no metric for the others).
          if (!(error instanceof EncodeError)) {
            metrics.publishFailed({ stream, routingKey }, performance.now() - started);
          }
          span.end(error);
          throw error;
        },
      );
    },
  };
}
