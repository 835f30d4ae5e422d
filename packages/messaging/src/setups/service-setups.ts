import { jsonCodec } from "@natsflux/codec-json";
import { ConfigError } from "@natsflux/core";
import {
  assertRoutingKey,
  Directions,
  ExchangeKinds,
  natsServiceRequestSubject,
  Patterns,
} from "@natsflux/spec";
import { type ConsumerOption, resolveConsumerSettings } from "../consumer-options.js";
import type { Declarations } from "../declarations.js";
import type { EventHandler, RequestResponseEventHandler } from "../event.js";
import { claimPublisher, type Publisher } from "../publisher.js";
import type { EndpointSetup } from "../setup.js";
import { describeSetup } from "./describe.js";

const defaultCodec = jsonCodec<unknown>();

function assertServiceRoutingKey(routingKey: string): void {
  assertRoutingKey(routingKey);
  // Core NATS subjects carry the key as given; Go would subscribe to a literal "#" token.
  if (routingKey.includes("#")) {
    throw new ConfigError(
      "routingKey",
      `${JSON.stringify(routingKey)}: '#' is not a wildcard on service request subjects`,
    );
  }
}

function declareServiceConsumer(
  declarations: Declarations,
  routingKey: string,
  messageType: string | undefined,
) {
  // Two handlers on one request subject would share its queue group and each get a random half of the requests.
  if (declarations.serviceHandlers.some((h) => h.routingKey === routingKey)) {
    throw new ConfigError(
      "routingKey",
      `${JSON.stringify(routingKey)} already has a request handler on service "${declarations.serviceName}"`,
    );
  }
  declarations.endpoints.push({
    direction: Directions.consume,
    pattern: Patterns.serviceRequest,
    exchangeName: declarations.serviceName,
    exchangeKind: ExchangeKinds.direct,
    queueName: declarations.serviceName,
    routingKey,
    ...(messageType === undefined ? {} : { messageType }),
  });
}

/**
 * Answers requests sent to `{service}.request.{routingKey}` with the handler's typed result. A failed
 * handler (or an unparsable request) is answered with `{"error": "..."}` as Go does; requests are shared
 * by the service's instances through a queue group (Go has none, so every Go instance answers).
 */
export function requestResponseHandler<Req, Resp>(
  routingKey: string,
  handler: RequestResponseEventHandler<Req, Resp>,
  ...options: ConsumerOption<Req>[]
): EndpointSetup {
  const setup = describeSetup("requestResponseHandler", routingKey);
  return {
    kind: "endpoint",
    description: setup,
    declare(declarations) {
      const settings = resolveConsumerSettings(options as ReadonlyArray<ConsumerOption<unknown>>);
      assertServiceRoutingKey(routingKey);
      declareServiceConsumer(declarations, routingKey, undefined);
      declarations.serviceHandlers.push({
        setup,
        routingKey,
        subject: natsServiceRequestSubject(declarations.serviceName, routingKey),
        codec: settings.codec ?? defaultCodec,
        reply: { handler: handler as RequestResponseEventHandler<unknown, unknown>, codec: defaultCodec },
        handler: undefined,
        concurrency: settings.concurrency,
      });
    },
  };
}

/**
 * Handles one-way requests sent to `{service}.request.{routingKey}`. A caller that waits for a reply
 * gets `{}` on success (Go sends nothing and its callers time out) and `{"error": "..."}` on failure.
 */
export function serviceRequestConsumer<T>(
  routingKey: string,
  handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  const setup = describeSetup("serviceRequestConsumer", routingKey);
  return {
    kind: "endpoint",
    description: setup,
    declare(declarations) {
      const settings = resolveConsumerSettings(options as ReadonlyArray<ConsumerOption<unknown>>);
      assertServiceRoutingKey(routingKey);
      declareServiceConsumer(declarations, routingKey, settings.messageType);
      declarations.serviceHandlers.push({
        setup,
        routingKey,
        subject: natsServiceRequestSubject(declarations.serviceName, routingKey),
        codec: settings.codec ?? defaultCodec,
        reply: undefined,
        handler: handler as EventHandler<unknown>,
        concurrency: settings.concurrency,
      });
    },
  };
}

/** Sends requests to `{target}.request.{routingKey}`; `publish` resolves with the typed reply. */
export function servicePublisher<Req, Resp>(target: string, publisher: Publisher<Req, Resp>): EndpointSetup {
  const setup = describeSetup("servicePublisher", target);
  return {
    kind: "endpoint",
    description: setup,
    declare(declarations) {
      if (target === "") throw new ConfigError("targetService", "target service name must not be empty");
      (publisher as unknown as Publisher<unknown, unknown>)[claimPublisher](setup);
      declarations.endpoints.push({
        direction: Directions.publish,
        pattern: Patterns.serviceRequest,
        exchangeName: target,
        exchangeKind: ExchangeKinds.direct,
      });
      declarations.servicePublishers.push({
        setup,
        target,
        publisher: publisher as unknown as Publisher<unknown, unknown>,
      });
    },
  };
}

/**
 * Declares that this service receives `target`'s responses on `routingKey`. On NATS replies travel on
 * the requester's inbox and `publish` returns them, so this only adds the endpoint to the topology
 * (as in Go); the handler is kept for API parity and is not called.
 */
export function serviceResponseConsumer<T>(
  target: string,
  routingKey: string,
  _handler: EventHandler<T>,
  ...options: ConsumerOption<T>[]
): EndpointSetup {
  const setup = describeSetup("serviceResponseConsumer", target, routingKey);
  return {
    kind: "endpoint",
    description: setup,
    declare(declarations) {
      const settings = resolveConsumerSettings(options as ReadonlyArray<ConsumerOption<unknown>>);
      if (target === "") throw new ConfigError("targetService", "target service name must not be empty");
      declarations.endpoints.push({
        direction: Directions.consume,
        pattern: Patterns.serviceResponse,
        exchangeName: target,
        exchangeKind: ExchangeKinds.headers,
        queueName: declarations.serviceName,
        routingKey,
        ...(settings.messageType === undefined ? {} : { messageType: settings.messageType }),
      });
    },
  };
}
