import { jsonCodec } from "@natsflux/codec-json";
import {
  assertRoutingKey,
  assertStreamName,
  DefaultEventExchangeName,
  Directions,
  ExchangeKinds,
  natsDurableName,
  natsStreamName,
  Patterns,
} from "@natsflux/spec";
import { type ConsumerOption, resolveConsumerSettings } from "../consumer-options.js";
import type { EventHandler } from "../event.js";
import { claimPublisher, type Publisher } from "../publisher.js";
import type { EndpointSetup } from "../setup.js";
import { describeSetup } from "./describe.js";

const defaultCodec = jsonCodec<unknown>();

function streamPattern(rawName: string) {
  // Go compares the raw argument with "events", before any name translation.
  return rawName === DefaultEventExchangeName ? Patterns.eventStream : Patterns.customStream;
}

function streamName(rawName: string): string {
  const name = natsStreamName(rawName);
  assertStreamName(name);
  return name;
}

function publisherSetup<T, R>(setup: string, rawStream: string, publisher: Publisher<T, R>): EndpointSetup {
  return {
    kind: "endpoint",
    description: setup,
    declare(declarations) {
      const stream = streamName(rawStream);
      (publisher as unknown as Publisher<unknown, unknown>)[claimPublisher](setup);
      declarations.endpoints.push({
        direction: Directions.publish,
        pattern: streamPattern(rawStream),
        exchangeName: stream,
        exchangeKind: ExchangeKinds.topic,
      });
      declarations.streamPublishers.push({
        setup,
        stream,
        publisher: publisher as unknown as Publisher<unknown, unknown>,
      });
    },
  };
}

function consumerSetup<T>(
  setup: string,
  rawStream: string,
  routingKey: string,
  handler: EventHandler<T>,
  options: ReadonlyArray<ConsumerOption<T>>,
  transient: boolean,
): EndpointSetup {
  return {
    kind: "endpoint",
    description: setup,
    declare(declarations) {
      const settings = resolveConsumerSettings(options as ReadonlyArray<ConsumerOption<unknown>>);
      const stream = streamName(rawStream);
      assertRoutingKey(routingKey);
      // Go ignores the suffix of transient consumers; so do we (they have no durable name to suffix).
      const durable = transient ? undefined : natsDurableName(declarations.serviceName, settings.suffix);
      declarations.endpoints.push({
        direction: Directions.consume,
        pattern: streamPattern(rawStream),
        exchangeName: stream,
        exchangeKind: ExchangeKinds.topic,
        ...(durable === undefined ? {} : { queueName: durable }),
        routingKey,
        ...(settings.messageType === undefined ? {} : { messageType: settings.messageType }),
        ...(transient ? { ephemeral: true } : {}),
      });
      declarations.streamConsumers.push({
        setup,
        stream,
        routingKey,
        durable,
        handler: handler as EventHandler<unknown>,
        codec: settings.codec ?? defaultCodec,
        maxDeliver: settings.maxDeliver,
        backOff: settings.backOff,
        immediateRedelivery: settings.immediateRedelivery,
        concurrency: settings.concurrency,
      });
    },
  };
}

/** Publishes events to the shared `events` stream (subject `events.{routingKey}`). */
export function eventStreamPublisher<T, R>(publisher: Publisher<T, R>): EndpointSetup {
  return publisherSetup("eventStreamPublisher()", DefaultEventExchangeName, publisher);
}

/** Publishes events to a custom stream (subject `{stream}.{routingKey}`). */
export function streamPublisher<T, R>(stream: string, publisher: Publisher<T, R>): EndpointSetup {
  return publisherSetup(describeSetup("streamPublisher", stream), stream, publisher);
}

/** Consumes `routingKey` (wildcards `*` and `#`) from `events` with the service's durable consumer. */
export function eventStreamConsumer<T>(
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  const setup = describeSetup("eventStreamConsumer", routingKey);
  return consumerSetup(setup, DefaultEventExchangeName, routingKey, handler, options, false);
}

/** Consumes `routingKey` from `events` with an ephemeral consumer (removed by the server when idle). */
export function transientEventStreamConsumer<T>(
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  const setup = describeSetup("transientEventStreamConsumer", routingKey);
  return consumerSetup(setup, DefaultEventExchangeName, routingKey, handler, options, true);
}

/** Consumes `routingKey` from a custom stream with the service's durable consumer. */
export function streamConsumer<T>(
  stream: string,
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  return consumerSetup(
    describeSetup("streamConsumer", stream, routingKey),
    stream,
    routingKey,
    handler,
    options,
    false,
  );
}

/** Consumes `routingKey` from a custom stream with an ephemeral consumer. */
export function transientStreamConsumer<T>(
  stream: string,
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  const setup = describeSetup("transientStreamConsumer", stream, routingKey);
  return consumerSetup(setup, stream, routingKey, handler, options, true);
}
