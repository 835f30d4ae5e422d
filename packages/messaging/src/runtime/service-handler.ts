import type { NatsConnection } from "@nats-io/nats-core";
import { DecodeError, type Subscription, type Telemetry } from "@natsflux/core";
import { acknowledgementCodec, gomessagingErrorReply, incomingMetadata } from "@natsflux/gomessaging";
import { NatsResponder } from "@natsflux/transport-nats";
import type { Context } from "@opentelemetry/api";
import type { FacadeConfig } from "../config.js";
import type { ServiceHandlerDeclaration } from "../declarations.js";
import type { DeliveryInfo } from "../event.js";
import { report } from "./report.js";

/**
 * Serves a service handler with NatsResponder: Go's error body as its error reply, the service name as
 * queue group (so instances share requests; Go has none and every instance answers), the handler adapted
 * to Go's event shape. `telemetry` brings spans, and metrics for one-way consumers only, as Go records;
 * notifications likewise.
 */
export function serveServiceHandler(
  declaration: ServiceHandlerDeclaration,
  deps: {
    readonly config: Readonly<FacadeConfig>;
    readonly nc: NatsConnection;
    readonly telemetry: Telemetry;
  },
): Promise<Subscription> {
  const { config, telemetry } = deps;
  const { routingKey, reply } = declaration;
  const notified = reply === undefined;
  const handler = reply?.handler ?? declaration.handler;
  const deliveryInfo = ({ subject, headers }: Pick<DeliveryInfo, "headers"> & { subject: string }) => ({
    destination: config.serviceName,
    source: subject,
    key: routingKey,
    headers,
  });
  const responder = new NatsResponder<unknown, unknown>(
    deps.nc,
    declaration.codec,
    reply?.codec ?? acknowledgementCodec,
    { telemetry },
  );
  return responder.serve(
    declaration.subject,
    async (message, { signal, traceContext }) => {
      const started = performance.now();
      const info = deliveryInfo(message);
      const event = {
        metadata: incomingMetadata(info),
        deliveryInfo: info,
        payload: message.payload,
      };
      try {
        const context =
          traceContext === undefined ? { signal } : { signal, traceContext: traceContext as Context };
        const result = await handler?.(event, context);
        if (notified) report(config, info, performance.now() - started);
        return result;
      } catch (error) {
        if (notified) report(config, info, performance.now() - started, { error });
        throw error;
      }
    },
    {
      queue: config.serviceName,
      concurrency: declaration.concurrency,
      drainTimeout: config.drainTimeout,
      errorReply: (failure) => {
        // A request that did not decode never reached the handler: reported here, with its subject and headers.
        if (notified && failure.status === 400) {
          report(config, deliveryInfo(failure), 0, failure);
        }
        return gomessagingErrorReply(failure);
      },
      onStatus: (event) => {
        if (event.type === "handler_error" && event.error instanceof DecodeError) {
          config.logger.warn("failed to parse request, answering with an error", { routingKey });
        } else if (event.type === "handler_error") {
          config.logger.error("request handler failed", { routingKey, error: event.error });
        } else if (event.type === "slow_consumer") {
          config.logger.warn("service requests dropped: slow consumer", { ...event });
        } else if (event.type === "error") {
          config.logger.error("service request answer failed", { routingKey, error: event.error });
        }
      },
    },
  );
}
