import {
  assertRoutingKey,
  assertStreamName,
  DefaultEventExchangeName,
  Directions,
  ExchangeKinds,
  natsDurableName,
  natsStreamName,
  Patterns,
} from "@natsflux/gomessaging";
import { type ConsumerOption, resolveConsumerSettings } from "../consumer-options.js";
import type { EventHandler } from "../event.js";
import type { Publisher } from "../publisher.js";
import type { EndpointSetup } from "../setup.js";
import { claim, defaultCodec, endpointSetup } from "./endpoint-setup.js";

/** The NATS stream name and topology pattern of a stream argument. */
function streamOf(rawName: string) {
  const name = natsStreamName(rawName);
  assertStreamName(name);
  // Go compares the raw argument with "events", before any name translation.
  const pattern = rawName === DefaultEventExchangeName ? Patterns.eventStream : Patterns.customStream;
  return { name, pattern, exchangeKind: ExchangeKinds.topic };
}

function publisherSetup<T, R>(name: string, args: string[], rawStream: string, publisher: Publisher<T, R>) {
  return endpointSetup(name, args, (declarations, setup) => {
    const { name: stream, pattern, exchangeKind } = streamOf(rawStream);
    const claimed = claim(publisher, setup);
    declarations.endpoints.push({
      direction: Directions.publish,
      pattern,
      exchangeName: stream,
      exchangeKind,
    });
    declarations.streamPublishers.push({ setup, stream, publisher: claimed });
  });
}

function consumerSetup<T>(
  [name, ...args]: string[],
  rawStream: string,
  routingKey: string,
  handler: EventHandler<T>,
  options: ReadonlyArray<ConsumerOption<T>>,
  transient: boolean,
): EndpointSetup {
  return endpointSetup(name as string, args, (declarations, setup) => {
    const { suffix, messageType, codec, ...retry } = resolveConsumerSettings(
      options as ReadonlyArray<ConsumerOption<unknown>>,
    );
    const { name: stream, pattern, exchangeKind } = streamOf(rawStream);
    assertRoutingKey(routingKey);
    // Go ignores the suffix of transient consumers; so do we (they have no durable name to suffix).
    const durable = transient ? undefined : natsDurableName(declarations.serviceName, suffix);
    declarations.endpoints.push({
      direction: Directions.consume,
      pattern,
      exchangeName: stream,
      exchangeKind,
      ...(durable === undefined ? {} : { queueName: durable }),
      routingKey,
      ...(messageType === undefined ? {} : { messageType }),
      ...(transient ? { ephemeral: true } : {}),
    });
    declarations.streamConsumers.push({
      setup,
      stream,
      routingKey,
      durable,
      handler: handler as EventHandler<unknown>,
      ...retry,
      codec: codec ?? defaultCodec,
    });
  });
}

/** Publishes events to the shared `events` stream (subject `events.{routingKey}`). */
export function eventStreamPublisher<T, R>(publisher: Publisher<T, R>): EndpointSetup {
  return publisherSetup("eventStreamPublisher", [], DefaultEventExchangeName, publisher);
}

/** Publishes events to a custom stream (subject `{stream}.{routingKey}`). */
export function streamPublisher<T, R>(stream: string, publisher: Publisher<T, R>): EndpointSetup {
  return publisherSetup("streamPublisher", [stream], stream, publisher);
}

/** Consumes `routingKey` (wildcards `*` and `#`) from `events` with the service's durable consumer. */
export function eventStreamConsumer<T>(
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  return consumerSetup(
    ["eventStreamConsumer", routingKey],
    DefaultEventExchangeName,
    routingKey,
    handler,
    options,
    false,
  );
}

/** Consumes `routingKey` from `events` with an ephemeral consumer (removed by the server when idle). */
export function transientEventStreamConsumer<T>(
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  return consumerSetup(
    ["transientEventStreamConsumer", routingKey],
    DefaultEventExchangeName,
    routingKey,
    handler,
    options,
    true,
  );
}

/** Consumes `routingKey` from a custom stream with the service's durable consumer. */
export function streamConsumer<T>(
  stream: string,
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  return consumerSetup(["streamConsumer", stream, routingKey], stream, routingKey, handler, options, false);
}

/** Consumes `routingKey` from a custom stream with an ephemeral consumer. */
export function transientStreamConsumer<T>(
  stream: string,
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  return consumerSetup(
    ["transientStreamConsumer", stream, routingKey],
    stream,
    routingKey,
    handler,
    options,
    true,
  );
}
