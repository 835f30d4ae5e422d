import {
  buildPublishHeaders,
  gomessagingErrorFromReply,
  natsServiceRequestSubject,
} from "@natsflux/gomessaging";
import type { NatsRequester } from "@natsflux/transport-nats";
import type { FacadeConfig } from "../config.js";
import type { PublishOptions, PublishSink } from "../publisher.js";
import { withinTrace } from "./within-trace.js";

/**
 * Sends a request to `{target}.request.{routingKey}` with the full CloudEvents header set and resolves
 * with the typed reply; the requester holds the declaration's codecs, its timeout and the facade's
 * telemetry. A Go-style `{"error": ...}` reply rejects with `RemoteError` (Go returns nil).
 */
export function servicePublishSink(
  target: string,
  contentType: string,
  requester: NatsRequester<unknown, unknown>,
  config: Readonly<FacadeConfig>,
): PublishSink<unknown, unknown> {
  return {
    async publish(routingKey: string, payload: unknown, options: PublishOptions | undefined) {
      const subject = natsServiceRequestSubject(target, routingKey);
      const headers = buildPublishHeaders({
        serviceName: config.serviceName,
        routingKey,
        headers: options?.headers,
        contentType,
      });
      const signal = options?.signal;
      return withinTrace(options?.traceContext, () =>
        requester.request(subject, payload, {
          headers,
          errorReply: gomessagingErrorFromReply,
          ...(signal === undefined ? {} : { signal }),
        }),
      );
    },
  };
}
