import {
  backoffRetryPolicy,
  type HandlerContext,
  type Headers,
  noHeaders,
  type RetryPolicy,
  type StatusEvent,
  type Subscription,
} from "@natsflux/core";
import { applyDecision, decodeWith } from "@natsflux/core/internal";
import { natsConsumerFilterSubject, natsRoutingKeyFromSubject, RoutingTable } from "@natsflux/spec";
import type { ConsumerSettings, JetStreamMessage, JetStreamSubscriber } from "@natsflux/transport-jetstream";
import type { FacadeConfig } from "../config.js";
import type { StreamConsumerDeclaration } from "../declarations.js";
import type { DeliveryInfo } from "../event.js";
import type { MetricsRecorder } from "../metrics-recorder.js";
import type { ConsumerGroup } from "../plan/consumer-groups.js";
import { logConsumerConfigChange } from "./consumer-config-change.js";
import type { FacadeTracing } from "./facade-tracing.js";
import { FailureLog } from "./failure-log.js";
import { incomingMetadata } from "./incoming-metadata.js";
import { reportError, reportSuccess } from "./report.js";

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
 * terms; any other failure naks after the BackOff delay for its delivery, or core's default schedule (1 s,
 * 5 s, then every 30 s) when there is no BackOff, so a poison message cannot loop hot; immediately (as Go)
 * only when the group opted in. The delays travel on the naks, so the consumer config stays as Go declares it.
 */
function groupRetryPolicy(group: ConsumerGroup): RetryPolicy {
  if (group.immediateRedelivery) return backoffRetryPolicy({ delays: [] });
  return backoffRetryPolicy(group.backOff === undefined ? {} : { delays: group.backOff });
}

/**
 * Consumes one group and settles every message as the Go transport does: success acks; no handler for
 * the routing key and undecodable payloads term; a failed handler is settled by `groupRetryPolicy`
 * (Go naks every other failure at once). Handler failures are logged at a bounded rate (`FailureLog`).
 */
export function consumeGroup(
  group: ConsumerGroup,
  deps: {
    config: Readonly<FacadeConfig>;
    subscriber: JetStreamSubscriber<Uint8Array>;
    metrics: MetricsRecorder;
    tracing: FacadeTracing;
  },
): Promise<Subscription> {
  const { config, metrics, tracing } = deps;
  const { logger } = config;
  const routes = new RoutingTable<StreamConsumerDeclaration>();
  for (const registration of group.registrations) routes.add(registration.routingKey, registration);
  const consumer = group.durable ?? "";
  const retryPolicy = groupRetryPolicy(group);
  const failureLog = new FailureLog(logger, consumer);

  const succeeded = (message: JetStreamMessage<Uint8Array>, outcome: Outcome): void => {
    message.ack();
    metrics.eventAck(outcome.labels, performance.now() - outcome.started);
    reportSuccess(config, outcome.deliveryInfo, outcome.started);
    outcome.span.end();
  };

  const failed = (message: JetStreamMessage<Uint8Array>, outcome: Outcome, error: unknown): void => {
    const { routingKey } = outcome.labels;
    const deliveryCount = message.info.deliveryCount;
    const decision = retryPolicy(error, deliveryCount);
    applyDecision(message, decision);
    if (decision.action === "nak") {
      failureLog.failed({ routingKey, error, deliveryCount, retryInMs: decision.delayMs ?? 0 });
    } else {
      logger.warn("handler failed with a non-retryable error, terminating", {
        routingKey,
        consumer,
        error,
      });
    }
    metrics.eventNak(outcome.labels, performance.now() - outcome.started);
    reportError(config, outcome.deliveryInfo, error, outcome.started);
    outcome.span.end(error);
  };

  // A handler that returns synchronously is settled synchronously, without a promise: the acks of a batch of
  // messages then leave in one socket write (nats.js flushes in a microtask), where a promise per message would
  // let that flush go out after every single ack.
  const handle = (message: JetStreamMessage<Uint8Array>, context: HandlerContext): void | Promise<void> => {
    const started = performance.now();
    const routingKey = natsRoutingKeyFromSubject(message.subject);
    const labels = { consumer, routingKey };
    metrics.eventReceived(labels);
    let headers: Headers;
    try {
      headers = message.headers;
    } catch (error) {
      // A header block nats.js cannot parse (stored by a foreign client): poison, like an unparsable payload.
      message.term("failed to parse");
      metrics.eventNotParsable(labels);
      logger.warn("failed to parse message headers, terminating", { routingKey, consumer, error });
      const info = { destination: consumer, source: group.stream, key: routingKey, headers: noHeaders() };
      reportError(config, info, error, started);
      return;
    }
    const deliveryInfo: DeliveryInfo = {
      destination: consumer,
      source: group.stream,
      key: routingKey,
      headers,
    };
    const registration = routes.find(routingKey);
    if (registration === undefined) {
      message.term("no handler for routing key");
      metrics.eventWithoutHandler(labels);
      logger.warn("no handler for routing key, rejecting", { routingKey, consumer });
      return;
    }
    // Like Go, a message without a handler gets no span; a parse failure ends the span with an error.
    const span = tracing.consume(deliveryInfo, message.data.length, group.durable);
    let payload: unknown;
    try {
      payload = decodeWith(registration.codec, message.data, message.subject);
    } catch (error) {
      message.term("failed to parse");
      metrics.eventNotParsable(labels);
      logger.warn("failed to parse message, terminating", { routingKey, consumer, error });
      reportError(config, deliveryInfo, error, started);
      span.end(error);
      return;
    }
    const event = { metadata: incomingMetadata(deliveryInfo, logger, true), deliveryInfo, payload };
    const outcome: Outcome = { labels, deliveryInfo, started, span };
    let result: unknown;
    try {
      const eventContext = { signal: context.signal, traceContext: span.context };
      result = span.run(() => registration.handler(event, eventContext));
    } catch (error) {
      failed(message, outcome, error);
      return;
    }
    if (!isThenable(result)) {
      succeeded(message, outcome);
      return;
    }
    return Promise.resolve(result).then(
      () => succeeded(message, outcome),
      (error: unknown) => failed(message, outcome, error),
    );
  };

  const target = { stream: group.stream, config: groupConsumerSettings(group) };
  const subscribing = deps.subscriber.subscribe(target, handle, {
    ack: "manual",
    ...(config.drainTimeout === undefined ? {} : { drainTimeout: config.drainTimeout }),
    ...(group.concurrency === undefined ? {} : { concurrency: group.concurrency }),
    // A consumer deleted underneath the service (or with its stream) is recreated with the same configuration,
    // as start() would create it, instead of ending consumption silently; a durable then redelivers from its
    // deliver policy (at least once). Until the stream exists again the recreation is retried.
    recreateOnDelete: true,
    onStatus: (event) => {
      if (event.type === "handler_error")
        logger.error("consumer handler failed unexpectedly", { consumer, error: event.error });
      else if (event.type === "consumer_config_changed") logConsumerConfigChange(logger, event);
      else if (troubles.has(event.type))
        logger.warn("consumer status", { consumer, stream: group.stream, ...event });
      else if (event.type !== "reconnecting")
        logger.info("consumer status", { consumer, stream: group.stream, ...event });
      // Connection events are connection-wide: the status listener is not told once per consumer.
      if (!connectionEvents.has(event.type)) forwardStatus(config, event);
    },
  });
  // The summary of failures not yet logged is written when the consumer stops, not lost with it.
  return subscribing.then((subscription) => {
    const flush = () => failureLog.flush();
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
  if (config.onStatus === undefined) return;
  try {
    config.onStatus(event);
  } catch (error) {
    config.logger.warn("status listener threw; ignored", { error });
  }
}

/** What settling one message needs to know, once its handler has finished. */
interface Outcome {
  readonly labels: { readonly consumer: string; readonly routingKey: string };
  readonly deliveryInfo: DeliveryInfo;
  readonly started: number;
  readonly span: { end(error?: unknown): void };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}
