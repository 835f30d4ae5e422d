import { DecodeError, type Message, type Subscription } from "@natsflux/core";
import { decodeWith, encodeWith } from "@natsflux/core/internal";
import { ErrParseJSON } from "@natsflux/spec";
import type { NatsPublisher, NatsSubscriber } from "@natsflux/transport-nats";
import type { FacadeConfig } from "../config.js";
import type { ServiceHandlerDeclaration } from "../declarations.js";
import type { DeliveryInfo } from "../event.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import { errorReply } from "./error-reply.js";
import type { FacadeTracing } from "./facade-tracing.js";
import { incomingMetadata } from "./incoming-metadata.js";
import { reportError, reportSuccess } from "./report.js";

const emptyObject = new TextEncoder().encode("{}");

export interface ServiceHandlerDeps {
  readonly config: Readonly<FacadeConfig>;
  readonly subscriber: NatsSubscriber<Uint8Array>;
  readonly replies: NatsPublisher<Uint8Array>;
  readonly metrics: MetricsRecorder;
  readonly tracing: FacadeTracing;
}

/**
 * Subscribes a service request handler on Core NATS with the service name as queue group, so the
 * instances of a service share requests (Go has no queue group: every instance answers).
 */
export function serveServiceHandler(
  declaration: ServiceHandlerDeclaration,
  deps: ServiceHandlerDeps,
): Promise<Subscription> {
  const { config, replies, metrics, tracing } = deps;
  const serviceName = config.serviceName;
  const labels = { consumer: serviceName, routingKey: declaration.routingKey };
  const observed = declaration.reply === undefined; // Go records metrics and notifications for one-way consumers only

  const respond = async (
    message: Message<Uint8Array>,
    data: Uint8Array,
    headers?: Record<string, string>,
  ) => {
    if (message.reply === undefined) return;
    await replies.publish(message.reply, data, headers === undefined ? undefined : { headers });
  };

  return deps.subscriber.subscribe(
    declaration.subject,
    async (message, context) => {
      const started = performance.now();
      const deliveryInfo: DeliveryInfo = {
        destination: serviceName,
        source: message.subject,
        key: declaration.routingKey,
        headers: message.headers,
      };
      if (observed) metrics.eventReceived(labels);
      // Both kinds of service handler get a span (Go traces RequestResponseHandler too); the queue group is
      // the service name.
      const span = tracing.consume(deliveryInfo, message.data.length, serviceName);
      let payload: unknown;
      try {
        payload = decodeWith(declaration.codec, message.data, message.subject);
      } catch (error) {
        const text = `${(error as DecodeError).cause instanceof Error ? ((error as DecodeError).cause as Error).message : String(error)}: ${ErrParseJSON}`;
        config.logger.warn("failed to parse request, answering with an error", {
          routingKey: declaration.routingKey,
        });
        if (observed) {
          // Go's Core path counts every handler error as a nak, parse failures included (not_parsable is
          // JetStream only).
          metrics.eventNak(labels, performance.now() - started);
          reportError(config, deliveryInfo, error, started);
        }
        span.end(error);
        const reply = errorReply(text, 400);
        await respond(message, reply.data, reply.headers);
        return;
      }
      const event = { metadata: incomingMetadata(deliveryInfo, config.logger, false), deliveryInfo, payload };
      const eventContext = { signal: context.signal, traceContext: span.context };
      try {
        if (declaration.reply !== undefined) {
          const { handler, codec } = declaration.reply;
          const result = await span.run(() => handler(event, eventContext));
          await respond(message, encodeWith(codec, result, message.reply));
        } else {
          const { handler } = declaration;
          await span.run(() => handler?.(event, eventContext));
          metrics.eventAck(labels, performance.now() - started);
          reportSuccess(config, deliveryInfo, started);
          await respond(message, emptyObject);
        }
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        config.logger.error("request handler failed", { routingKey: declaration.routingKey, error });
        if (observed) {
          metrics.eventNak(labels, performance.now() - started);
          reportError(config, deliveryInfo, error, started);
        }
        span.end(error);
        const reply = errorReply(text, error instanceof DecodeError ? 400 : 500);
        await respond(message, reply.data, reply.headers);
        return;
      }
      span.end();
    },
    {
      queue: serviceName,
      concurrency: declaration.concurrency,
      drainTimeout: config.drainTimeout,
      onStatus: (event) => {
        if (event.type === "handler_error") {
          config.logger.error("service request handling failed", {
            subject: declaration.subject,
            error: event.error,
          });
        } else if (event.type === "slow_consumer") {
          config.logger.warn("service requests dropped: slow consumer", { ...event });
        }
      },
    },
  );
}
