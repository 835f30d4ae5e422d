import { ConfigError } from "@natsflux/core";
import {
  assertRoutingKey,
  Directions,
  ExchangeKinds,
  natsServiceRequestSubject,
  Patterns,
} from "@natsflux/gomessaging";
import { type ConsumerOption, resolveConsumerSettings } from "../consumer-options.js";
import type { ServiceHandlerDeclaration } from "../declarations.js";
import type { EventHandler, RequestResponseEventHandler } from "../event.js";
import type { Publisher } from "../publisher.js";
import type { EndpointSetup } from "../setup.js";
import { claim, defaultCodec, endpointSetup } from "./endpoint-setup.js";

function assertTarget(target: string): void {
  if (target === "") throw new ConfigError("targetService", "target service name must not be empty");
}

/** A handler of `{service}.request.{routingKey}`: a reply handler, or a one-way consumer. */
function handlerSetup(
  name: string,
  routingKey: string,
  options: ReadonlyArray<ConsumerOption<unknown>>,
  handlers: Pick<ServiceHandlerDeclaration, "reply" | "handler">,
): EndpointSetup {
  return endpointSetup(name, [routingKey], (declarations, setup) => {
    const settings = resolveConsumerSettings(options);
    assertRoutingKey(routingKey);
    // Core NATS subjects carry the key as given; Go would subscribe to a literal "#" token.
    if (routingKey.includes("#")) {
      throw new ConfigError(
        "routingKey",
        `${JSON.stringify(routingKey)}: '#' is not a wildcard on service request subjects`,
      );
    }
    // Two handlers on one request subject would share its queue group and each get a random half of the requests.
    if (declarations.serviceHandlers.some((h) => h.routingKey === routingKey)) {
      throw new ConfigError(
        "routingKey",
        `${JSON.stringify(routingKey)} already has a request handler on service "${declarations.serviceName}"`,
      );
    }
    // Go's topology has no message type for request-response handlers.
    const messageType = handlers.reply === undefined ? settings.messageType : undefined;
    declarations.endpoints.push({
      direction: Directions.consume,
      pattern: Patterns.serviceRequest,
      exchangeName: declarations.serviceName,
      exchangeKind: ExchangeKinds.direct,
      queueName: declarations.serviceName,
      routingKey,
      ...(messageType === undefined ? {} : { messageType }),
    });
    declarations.serviceHandlers.push({
      setup,
      routingKey,
      subject: natsServiceRequestSubject(declarations.serviceName, routingKey),
      codec: settings.codec ?? defaultCodec,
      ...handlers,
      concurrency: settings.concurrency,
    });
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
  const reply = { handler: handler as RequestResponseEventHandler<unknown, unknown>, codec: defaultCodec };
  return handlerSetup("requestResponseHandler", routingKey, options, { reply, handler: undefined });
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
  return handlerSetup("serviceRequestConsumer", routingKey, options, {
    reply: undefined,
    handler: handler as EventHandler<unknown>,
  });
}

/** Sends requests to `{target}.request.{routingKey}`; `publish` resolves with the typed reply. */
export function servicePublisher<Req, Resp>(target: string, publisher: Publisher<Req, Resp>): EndpointSetup {
  return endpointSetup("servicePublisher", [target], (declarations, setup) => {
    assertTarget(target);
    const claimed = claim(publisher, setup);
    declarations.endpoints.push({
      direction: Directions.publish,
      pattern: Patterns.serviceRequest,
      exchangeName: target,
      exchangeKind: ExchangeKinds.direct,
    });
    declarations.servicePublishers.push({ setup, target, publisher: claimed });
  });
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
  return endpointSetup("serviceResponseConsumer", [target, routingKey], (declarations) => {
    const { messageType } = resolveConsumerSettings(options as ReadonlyArray<ConsumerOption<unknown>>);
    assertTarget(target);
    declarations.endpoints.push({
      direction: Directions.consume,
      pattern: Patterns.serviceResponse,
      exchangeName: target,
      exchangeKind: ExchangeKinds.headers,
      queueName: declarations.serviceName,
      routingKey,
      ...(messageType === undefined ? {} : { messageType }),
    });
  });
}
