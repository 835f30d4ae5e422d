import type { NatsConnection } from "@nats-io/nats-core";
import { type Codec, DecodeError, type Subscription } from "@natsflux/core";
import { NatsResponder } from "@natsflux/transport-nats";
import type { FacadeConfig } from "../config.js";
import type { ServiceHandlerDeclaration } from "../declarations.js";
import type { DeliveryInfo } from "../event.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import { goErrorReply } from "./error-reply.js";
import type { FacadeTracing } from "./facade-tracing.js";
import { incomingMetadata } from "./incoming-metadata.js";
import { reportError, reportSuccess } from "./report.js";

const emptyObject = new TextEncoder().encode("{}");

/** Go answers a one-way service request with `{}` once its handler is done. */
const goAcknowledgement: Codec<unknown> = Object.freeze({
  name: "go-acknowledgement",
  contentType: "application/json",
  encode: () => emptyObject,
  decode: () => undefined,
});

export interface ServiceHandlerDeps {
  readonly config: Readonly<FacadeConfig>;
  readonly nc: NatsConnection;
  readonly metrics: MetricsRecorder;
  readonly tracing: FacadeTracing;
}

/**
 * Serves a service request handler with NatsResponder, Go's error body as its error reply, and the service
 * name as queue group, so the instances of a service share requests (Go has no queue group: every
 * instance answers). Go records metrics and notifications for one-way consumers only.
 */
export function serveServiceHandler(
  declaration: ServiceHandlerDeclaration,
  deps: ServiceHandlerDeps,
): Promise<Subscription> {
  const { config, metrics, tracing } = deps;
  const serviceName = config.serviceName;
  const { routingKey, reply } = declaration;
  const labels = { consumer: serviceName, routingKey };
  const observed = reply === undefined;
  const handler = reply?.handler ?? declaration.handler;
  const deliveryInfo = (request: { subject: string; headers: DeliveryInfo["headers"] }): DeliveryInfo => ({
    destination: serviceName,
    source: request.subject,
    key: routingKey,
    headers: request.headers,
  });
  const failed = (info: DeliveryInfo, error: unknown, started: number) => {
    // Go's Core path counts every handler error as a nak, parse failures included.
    metrics.eventNak(labels, performance.now() - started);
    reportError(config, info, error, started);
  };

  const responder = new NatsResponder<unknown, unknown>(
    deps.nc,
    declaration.codec,
    reply?.codec ?? goAcknowledgement,
  );
  return responder.serve(
    declaration.subject,
    async (message, context) => {
      const started = performance.now();
      const info = deliveryInfo(message);
      if (observed) metrics.eventReceived(labels);
      // Both kinds of service handler get a span (Go traces RequestResponseHandler too).
      const span = tracing.consume(info, message.data.length, serviceName);
      const event = {
        metadata: incomingMetadata(info, config.logger, false),
        deliveryInfo: info,
        payload: message.payload,
      };
      try {
        const result = await span.run(() =>
          handler?.(event, { signal: context.signal, traceContext: span.context }),
        );
        span.end();
        if (observed) {
          metrics.eventAck(labels, performance.now() - started);
          reportSuccess(config, info, started);
        }
        return result;
      } catch (error) {
        if (observed) failed(info, error, started);
        span.end(error);
        throw error;
      }
    },
    {
      queue: serviceName,
      concurrency: declaration.concurrency,
      drainTimeout: config.drainTimeout,
      errorReply: (failure) => {
        // The request never reached the handler: observed here, where its subject and headers are known.
        if (observed && failure.status === 400) {
          const now = performance.now();
          metrics.eventReceived(labels);
          failed(deliveryInfo(failure), failure.error, now);
        }
        return goErrorReply(failure);
      },
      onStatus: (event) => {
        if (event.type === "handler_error") {
          if (event.error instanceof DecodeError) {
            config.logger.warn("failed to parse request, answering with an error", { routingKey });
          } else {
            config.logger.error("request handler failed", { routingKey, error: event.error });
          }
        } else if (event.type === "slow_consumer") {
          config.logger.warn("service requests dropped: slow consumer", { ...event });
        } else if (event.type === "error") {
          config.logger.error("service request handling failed", {
            subject: declaration.subject,
            error: event.error,
          });
        }
      },
    },
  );
}
