import type { NatsConnection } from "@nats-io/nats-core";
import {
  type Codec,
  DecodeError,
  type Subscription,
  serviceErrorStatus,
  type Telemetry,
} from "@natsflux/core";
import { NatsResponder } from "@natsflux/transport-nats";
import type { Context } from "@opentelemetry/api";
import type { FacadeConfig } from "../config.js";
import type { ServiceHandlerDeclaration } from "../declarations.js";
import type { DeliveryInfo } from "../event.js";
import { goErrorReply } from "./error-reply.js";
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
  /** The facade's spans, plus metrics for one-way consumers (Go records none for request-response). */
  readonly telemetry: Telemetry;
}

/**
 * Serves a service handler with NatsResponder: Go's error body as its error reply, the service name as
 * queue group (so instances share requests; Go has no queue group and every instance answers), the
 * handler adapted to Go's event shape. Notifications are sent for one-way consumers only, as in Go.
 */
export function serveServiceHandler(
  declaration: ServiceHandlerDeclaration,
  deps: ServiceHandlerDeps,
): Promise<Subscription> {
  const { config } = deps;
  const serviceName = config.serviceName;
  const { routingKey, reply } = declaration;
  const notified = reply === undefined;
  const handler = reply?.handler ?? declaration.handler;
  const deliveryInfo = (request: { subject: string; headers: DeliveryInfo["headers"] }): DeliveryInfo => ({
    destination: serviceName,
    source: request.subject,
    key: routingKey,
    headers: request.headers,
  });

  const responder = new NatsResponder<unknown, unknown>(
    deps.nc,
    declaration.codec,
    reply?.codec ?? goAcknowledgement,
    { telemetry: deps.telemetry },
  );
  return responder.serve(
    declaration.subject,
    async (message, context) => {
      const started = performance.now();
      const info = deliveryInfo(message);
      const event = {
        metadata: incomingMetadata(info, config.logger, false),
        deliveryInfo: info,
        payload: message.payload,
      };
      try {
        const traceContext = context.traceContext as Context | undefined;
        const result = await handler?.(
          event,
          traceContext === undefined ? { signal: context.signal } : { signal: context.signal, traceContext },
        );
        if (notified) reportSuccess(config, info, started);
        return result;
      } catch (error) {
        if (notified) reportError(config, info, error, started);
        throw error;
      }
    },
    {
      queue: serviceName,
      concurrency: declaration.concurrency,
      drainTimeout: config.drainTimeout,
      errorReply: (failure) => {
        // A request that never reached the handler is reported here, where its subject and headers are known.
        if (notified && failure.status === serviceErrorStatus.badRequest) {
          reportError(config, deliveryInfo(failure), failure.error, performance.now());
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
