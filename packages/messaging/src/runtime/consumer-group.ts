import {
  backoffRetryPolicy,
  combineTelemetry,
  DecodeError,
  type RetryPolicy,
  type StatusEvent,
  type Subscription,
} from "@natsflux/core";
import { notify } from "@natsflux/core/internal";
import { natsConsumerFilterSubject, natsRoutingKeyFromSubject, RoutingTable } from "@natsflux/spec";
import {
  type ConsumerSettings,
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
import { incomingMetadata } from "./incoming-metadata.js";
import { settlementReports } from "./report.js";

/** The JetStream consumer configuration Go creates for a group (explicit ack, deliver all, singular filter). */
function groupConsumerSettings(group: ConsumerGroup): ConsumerSettings {
  const filters = group.registrations.map((r) => natsConsumerFilterSubject(r.stream, r.routingKey));
  return {
    ...(group.durable === undefined ? {} : { durable: group.durable }),
    filterSubject: filters.length === 1 ? (filters[0] as string) : filters,
    ackPolicy: "explicit",
    ...(group.maxDeliver === undefined ? {} : { maxDeliver: group.maxDeliver }),
    ...(group.backOff === undefined ? {} : { backoff: group.backOff }),
  };
}

/**
 * How a group settles a failed handler: core's retry policy, configured from the group. `NonRetryableError`
 * (and an undecodable message) terms; any other failure naks after the BackOff delay for its delivery, or
 * core's default schedule (1 s, 5 s, then every 30 s) when there is no BackOff, so a poison message cannot
 * loop hot; immediately (as Go) only when the group opted in. The delays travel on the naks, so the
 * consumer config stays as Go declares it.
 */
function groupRetryPolicy(group: ConsumerGroup): RetryPolicy {
  if (group.immediateRedelivery) return backoffRetryPolicy({ delays: [] });
  return backoffRetryPolicy(group.backOff === undefined ? {} : { delays: group.backOff });
}

/**
 * Consumes one group with `JetStreamSubscriber`, which settles every message as the Go transport does:
 * success acks; a routing key without a handler and an undecodable message term; a failed handler goes to
 * `groupRetryPolicy`. This adapts Go's event shape for the handlers and words what the transport reports:
 * notifications and metrics from its settlements, handler failures at a bounded rate (`failureLog`).
 */
export function consumeGroup(
  group: ConsumerGroup,
  deps: { config: Readonly<FacadeConfig>; source: JetStreamSource; metrics: MetricsRecorder },
): Promise<Subscription> {
  const { config } = deps;
  const { logger } = config;
  const consumer = group.durable ?? "";
  const routes = new RoutingTable<StreamConsumerDeclaration>();
  for (const registration of group.registrations) routes.add(registration.routingKey, registration);
  // The codec selector and then the handler look up the same message: the last answer is kept.
  let lastSubject = "";
  let lastKey = "";
  let lastRoute: StreamConsumerDeclaration | undefined;
  const route = (subject: string): StreamConsumerDeclaration | undefined => {
    if (subject !== lastSubject) {
      lastSubject = subject;
      lastKey = natsRoutingKeyFromSubject(subject);
      lastRoute = routes.find(lastKey);
    }
    return lastRoute;
  };
  const telemetry = combineTelemetry(
    facadeTelemetry(config, deps.metrics, consumer),
    settlementReports(config, consumer),
  );
  const subscriber = new JetStreamSubscriber<unknown>(deps.source, (subject) => route(subject)?.codec, {
    telemetry,
  });
  const failures = failureLog(logger, consumer);

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

  const target = { stream: group.stream, config: groupConsumerSettings(group) };
  const subscribing = subscriber.subscribe(
    target,
    (message, context) => {
      // The selector found the registration for this very subject just before decoding.
      const registration = route(message.subject) as StreamConsumerDeclaration;
      const deliveryInfo = {
        destination: consumer,
        source: group.stream,
        key: lastKey,
        headers: message.headers,
      };
      const event = {
        metadata: incomingMetadata(deliveryInfo, logger, true),
        deliveryInfo,
        payload: message.payload,
      };
      // The transport's context is the facade's: an abort signal, and the span's OpenTelemetry context.
      return registration.handler(event, context as EventContext);
    },
    {
      retryPolicy: groupRetryPolicy(group),
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
