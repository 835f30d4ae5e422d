import { type Codec, RemoteError } from "@natsflux/core";
import { decodeWith, encodeWith } from "@natsflux/core/internal";
import { buildPublishHeaders, natsServiceRequestSubject } from "@natsflux/spec";
import type { NatsRequester } from "@natsflux/transport-nats";
import type { FacadeConfig } from "../config.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { PublishOptions, PublishSink } from "../publisher.js";
import { remoteErrorFromBody } from "./error-reply.js";

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
  },
): PublishSink<unknown, unknown> {
  const { config, requester, metrics } = deps;
  return {
    async publish(routingKey: string, payload: unknown, options: PublishOptions | undefined) {
      const subject = natsServiceRequestSubject(target, routingKey);
      const headers = buildPublishHeaders({
        serviceName: config.serviceName,
        routingKey,
        headers: options?.headers,
        contentType: codec.contentType,
      });
      const data = encodeWith(codec, payload, subject);
      const labels = { stream: target, routingKey };
      const started = performance.now();
      let reply: Uint8Array;
      try {
        reply = await requester.request(subject, data, {
          headers,
          timeout: config.requestTimeout,
          ...(options?.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        // A reply arrived, even if it reports a failure: Go counts that as a successful publish.
        if (error instanceof RemoteError) metrics.publishSucceed(labels, performance.now() - started);
        else metrics.publishFailed(labels, performance.now() - started);
        throw error;
      }
      metrics.publishSucceed(labels, performance.now() - started);
      const remote = remoteErrorFromBody(subject, reply);
      if (remote) throw remote;
      return decodeWith(responseCodec, reply, subject);
    },
  };
}
