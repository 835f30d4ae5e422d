import { DecodeError, EncodeError, RemoteError } from "@natsflux/core";
import { buildPublishHeaders, natsServiceRequestSubject } from "@natsflux/spec";
import type { NatsRequester } from "@natsflux/transport-nats";
import type { FacadeConfig } from "../config.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { PublishOptions, PublishSink } from "../publisher.js";
import { goErrorFromReply } from "./error-reply.js";
import type { FacadeTracing } from "./facade-tracing.js";
import type { PublishSpanHook } from "./publish-span-hook.js";

/**
 * Sends a request to `{target}.request.{routingKey}` with the full CloudEvents header set, through a
 * NatsRequester holding the declaration's codecs. A Go-style `{"error": ...}` reply rejects with
 * `RemoteError` (Go returns nil).
 */
export function servicePublishSink(
  target: string,
  contentType: string,
  requester: NatsRequester<unknown, unknown>,
  deps: {
    config: Readonly<FacadeConfig>;
    metrics: MetricsRecorder;
    tracing: FacadeTracing;
    hook: PublishSpanHook;
  },
): PublishSink<unknown, unknown> {
  const { config, metrics, tracing, hook } = deps;
  return {
    async publish(routingKey: string, payload: unknown, options: PublishOptions | undefined) {
      const subject = natsServiceRequestSubject(target, routingKey);
      // The same PRODUCER span as a stream publish (Go's ServicePublisher), ended once the reply is in.
      const span = tracing.publish(target, routingKey, subject, options?.traceContext);
      const labels = { stream: target, routingKey };
      let started = 0;
      try {
        const headers = buildPublishHeaders({
          serviceName: config.serviceName,
          routingKey,
          headers: options?.headers,
          contentType,
        });
        started = performance.now();
        hook.current = span;
        const reply = requester.request(subject, payload, {
          headers,
          timeout: config.requestTimeout,
          errorReply: goErrorFromReply,
          ...(options?.signal ? { signal: options.signal } : {}),
        });
        hook.current = undefined;
        const response = await reply;
        metrics.publishSucceed(labels, performance.now() - started);
        span.end();
        return response;
      } catch (error) {
        hook.current = undefined;
        // A reply arrived, even if it reports a failure or does not decode: Go counts that as a successful
        // publish. Header and payload errors are not counted, as in Go.
        if (error instanceof RemoteError || error instanceof DecodeError) {
          metrics.publishSucceed(labels, performance.now() - started);
        } else if (started !== 0 && !(error instanceof EncodeError)) {
          metrics.publishFailed(labels, performance.now() - started);
        }
        span.end(error);
        throw error;
      }
    },
  };
}
