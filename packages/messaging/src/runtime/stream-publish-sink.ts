import { buildPublishHeaders, natsPublishSubject } from "@natsflux/gomessaging";
import type { JetStreamPublisher } from "@natsflux/transport-jetstream";
import type { FacadeConfig } from "../config.js";
import type { PublishOptions, PublishSink } from "../publisher.js";
import { withinTrace } from "./within-trace.js";

/**
 * Publishes to `{stream}.{routingKey}` with the CloudEvents header set of the Go transport and waits for
 * the stream's acknowledgement, as Go's JetStream publish does. The publisher holds the declaration's
 * codec and the facade's telemetry (spans and metrics).
 */
export function streamPublishSink(
  stream: string,
  contentType: string,
  publisher: JetStreamPublisher<unknown>,
  config: Readonly<FacadeConfig>,
): PublishSink<unknown, unknown> {
  return {
    // Not async: the transport's promise is returned as it is.
    publish(routingKey: string, payload: unknown, options: PublishOptions | undefined): Promise<unknown> {
      let subject: string;
      let headers: Record<string, string>;
      try {
        subject = natsPublishSubject(stream, routingKey);
        // Whitespace, empty tokens, and a subject too long for the server's protocol line.
        publisher.checkSubject(subject, "routingKey");
        headers = buildPublishHeaders({
          serviceName: config.serviceName,
          routingKey,
          headers: options?.headers,
          contentType,
        });
      } catch (error) {
        return Promise.reject(error);
      }
      const signal = options?.signal;
      return withinTrace(options?.traceContext, () =>
        publisher.publish(subject, payload, signal === undefined ? { headers } : { headers, signal }),
      ).then(acknowledged);
    },
  };
}

// Go's publish returns nothing but the error.
const acknowledged = () => undefined;
