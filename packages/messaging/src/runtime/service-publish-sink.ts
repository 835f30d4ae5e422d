import { type Codec, RemoteError } from "@natsflux/core";
import { decodeWith, encodeWith } from "@natsflux/core/internal";
import { buildPublishHeaders, natsServiceRequestSubject } from "@natsflux/spec";
import type { NatsRequester } from "@natsflux/transport-nats";
import type { FacadeConfig } from "../config.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { PublishOptions, PublishSink } from "../publisher.js";
import { remoteErrorFromBody } from "./error-reply.js";
import type { FacadeTracing } from "./facade-tracing.js";

/**
 * Sends a request to `{target}.request.{routingKey}` with the full CloudEvents header set and resolves
 * with the typed reply. A Go-style `{"error": ...}` reply rejects with `RemoteError` (Go returns nil).
 */
export function servicePublishSink(
  target: string,
  codec: Codec<unknown>,
  responseCodec: Codec<unknown>,
  deps: {
    config: Readonly<FacadeConfig>;
    requester: NatsRequester<Uint8Array, Uint8Array>;
    metrics: MetricsRecorder;
    tracing: FacadeTracing;
  },
): PublishSink<unknown, unknown> {
  const { config, requester, metrics, tracing } = deps;
  return {
    async publish(routingKey: string, payload: unknown, options: PublishOptions | undefined) {
      const subject = natsServiceRequestSubject(target, routingKey);
      // The same PRODUCER span as a stream publish (Go's ServicePublisher), ended once the reply is in.
      const span = tracing.publish(target, routingKey, subject, options?.traceContext);
      const labels = { stream: target, routingKey };
      let started = 0;
      let reply: Uint8Array;
      try {
        const headers = buildPublishHeaders({
          serviceName: config.serviceName,
          routingKey,
          headers: options?.headers,
          contentType: codec.contentType,
        });
        const data = encodeWith(codec, payload, subject);
        span.sending(headers, data.length);
        started = performance.now();
        reply = await requester.request(subject, data, {
          headers,
          timeout: config.requestTimeout,
          ...(options?.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        // A reply arrived, even if it reports a failure: Go counts that as a successful publish. Header and
        // payload errors (started still 0) are not counted, as in Go.
        if (error instanceof RemoteError) metrics.publishSucceed(labels, performance.now() - started);
        else if (started !== 0) metrics.publishFailed(labels, performance.now() - started);
        span.end(error);
        throw error;
      }
      metrics.publishSucceed(labels, performance.now() - started);
      const remote = remoteErrorFromBody(subject, reply);
      if (remote) {
        span.end(remote);
        throw remote;
      }
      try {
        const response = decodeWith(responseCodec, reply, subject);
        span.end();
        return response;
      } catch (error) {
        span.end(error);
        throw error;
      }
    },
  };
}
