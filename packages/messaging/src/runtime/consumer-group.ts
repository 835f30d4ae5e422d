import { combineTelemetry, DecodeError, type StatusEvent, type Subscription } from "@natsflux/core";
import { notify } from "@natsflux/core/internal";
import {
  gomessagingRetryPolicy,
  type InvalidCEHeadersListener,
  incomingMetadata,
  natsConsumerSettings,
  natsRoutingKeyFromSubject,
  RoutingTable,
  SubjectRoutes,
} from "@natsflux/gomessaging";
import {
  describeConfigChange,
  type JetStreamSource,
  JetStreamSubscriber,
} from "@natsflux/transport-jetstream";
import type { FacadeConfig } from "../config.js";
import type { StreamConsumerDeclaration } from "../declarations.js";
import type { EventContext } from "../event.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { ConsumerGroup } from "../plan/consumer-groups.js";
import { facadeTelemetry } from "./facade-telemetry.js";
import { failureLog } from "./failure-log.js";
import { settlementReports } from "./report.js";

/**
 * Consumes one group with `JetStreamSubscriber`, which settles every message as the Go transport does:
 * success acks; a routing key without a handler and an undecodable message term; a failed handler goes to
 * the spec's `gomessagingRetryPolicy`. This adapts Go's event shape for the handlers and words what the
 * transport reports: notifications and metrics from its settlements, handler failures at a bounded rate
 * (`failureLog`).
 */
export function consumeGroup(
  group: ConsumerGroup,
  deps: { config: Readonly<FacadeConfig>; source: JetStreamSource; metrics: MetricsRecorder },
): Promise<Subscription> {
  const { config } = deps;
  const { logger } = config;
  const consumer = group.durable ?? "";
  const table = new RoutingTable<StreamConsumerDeclaration>();
  for (const registration of group.registrations) table.add(registration.routingKey, registration);
  const routes = new SubjectRoutes(table);
  const telemetry = combineTelemetry(
    facadeTelemetry(config, deps.metrics, consumer),
    settlementReports(config, consumer),
  );
  const subscriber = new JetStreamSubscriber<unknown>(deps.source, (subject) => routes.find(subject)?.codec, {
    telemetry,
  });
  const failures = failureLog(logger, consumer);
  const invalidHeaders: InvalidCEHeadersListener = (warnings, { key }) =>
    logger.warn("incoming message has invalid CloudEvents headers", { warnings, routingKey: key });

  const failed = (event: Extract<StatusEvent, { type: "handler_error" }>): void => {
    const { error, decision } = event;
    const routingKey = natsRoutingKeyFromSubject(event.subject);
    // Parse failures are logged with the settlement (settlementReports).
    if (error instanceof DecodeError) return;
    if (decision?.action === "nak") {
      const deliveryCount = event.deliveryCount ?? 1;
      failures.offer(routingKey, { routingKey, error, deliveryCount, retryInMs: decision.delayMs ?? 0 });
    } else if (decision?.action === "term") {
      logger.warn("handler failed with a non-retryable error, terminating", { routingKey, consumer, error });
    } else {
      logger.error("consumer handler failed unexpectedly", { consumer, error });
    }
  };

  const target = { stream: group.stream, config: natsConsumerSettings(group) };
  const subscribing = subscriber.subscribe(
    target,
    (message, context) => {
      // The selector found the registration for this very subject just before decoding.
      const registration = routes.find(message.subject) as StreamConsumerDeclaration;
      const deliveryInfo = {
        destination: consumer,
        source: group.stream,
        key: routes.keyOf(message.subject),
        headers: message.headers,
      };
      const event = {
        metadata: incomingMetadata(deliveryInfo, invalidHeaders),
        deliveryInfo,
        payload: message.payload,
      };
      // The transport's context is the facade's: an abort signal, and the span's OpenTelemetry context.
      return registration.handler(event, context as EventContext);
    },
    {
      retryPolicy: gomessagingRetryPolicy(group),
      ...(config.drainTimeout === undefined ? {} : { drainTimeout: config.drainTimeout }),
      ...(group.concurrency === undefined ? {} : { concurrency: group.concurrency }),
      // A consumer deleted underneath the service (or with its stream) is recreated with the same configuration,
      // as start() would create it, instead of ending consumption silently; a durable then redelivers from its
      // deliver policy (at least once). Until the stream exists again the recreation is retried.
      recreateOnDelete: true,
      onStatus: (event) => {
        if (event.type === "handler_error") {
          failed(event);
          // Handler failures reach the application as error notifications (Go's channel), not as status.
          if (event.decision !== undefined) return;
        } else if (event.type === "consumer_config_changed") {
          const { level, message, attributes } = describeConfigChange(event);
          logger[level](message, attributes);
        } else if (troubles.has(event.type))
          logger.warn("consumer status", { consumer, stream: group.stream, ...event });
        else if (event.type !== "reconnecting")
          logger.info("consumer status", { consumer, stream: group.stream, ...event });
        // Connection events are connection-wide: the status listener is not told once per consumer.
        if (!connectionEvents.has(event.type)) forwardStatus(config, event);
      },
    },
  );
  // The summary of failures not yet logged is written when the consumer stops, not lost with it.
  return subscribing.then((subscription) => {
    const flush = () => failures.flush();
    subscription.closed.then(flush, flush);
    return subscription;
  });
}

const troubles = new Set<StatusEvent["type"]>([
  "consumer_deleted",
  "consumer_not_found",
  "stream_not_found",
  "consumer_recreated",
  "heartbeats_missed",
  "error",
]);
const connectionEvents = new Set<StatusEvent["type"]>(["disconnected", "reconnecting", "reconnected"]);

function forwardStatus(config: Readonly<FacadeConfig>, event: StatusEvent): void {
  notify(config.onStatus, event, (error) => config.logger.warn("status listener threw; ignored", { error }));
}
