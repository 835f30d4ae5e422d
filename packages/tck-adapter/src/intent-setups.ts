import {
  addConsumerNameSuffix,
  type ConsumerOption,
  type EventHandler,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  type RequestResponseEventHandler,
  requestResponseHandler,
  type Setup,
  servicePublisher,
  serviceResponseConsumer,
  streamConsumer,
  streamPublisher,
  transientEventStreamConsumer,
  transientStreamConsumer,
  withCodec,
} from "@natsflux/messaging";
import { AdapterError } from "./adapter-error.js";
import type { SetupIntent } from "./protocol.js";
import type { RawJson } from "./raw-json.js";
import { rawJsonCodec } from "./raw-json-codec.js";

/** Publishes a payload for one publisher key; resolves when the message is sent (or the reply is in). */
export type PublishFn = (
  routingKey: string,
  payload: RawJson,
  headers: Readonly<Record<string, string>>,
) => Promise<void>;

/** What one intent contributes to a service: a setup, a publisher key, or both. */
export interface IntentPlan {
  readonly setup?: Setup;
  readonly publisherKey?: string;
  readonly publish?: PublishFn;
}

export interface IntentHandlers {
  /** Records a delivery of a stream consumer. */
  readonly capture: EventHandler<RawJson>;
  /** Records a service request and returns the reply. */
  readonly answer: RequestResponseEventHandler<RawJson, unknown>;
}

/** Publisher keys as `spectest.PublisherKey` spells them. */
export function publisherKey(intent: SetupIntent): string {
  switch (intent.pattern) {
    case "event-stream":
      return "event-stream";
    case "custom-stream":
      return `custom-stream:${intent.exchange ?? ""}`;
    case "service-request":
    case "service-response":
      return `${intent.pattern}:${intent.targetService ?? ""}`;
    case "queue-publish":
      return `queue-publish:${intent.destinationQueue ?? ""}`;
    default:
      return intent.pattern;
  }
}

function publishing(key: string, setup: (publisher: Publisher<RawJson, unknown>) => Setup): IntentPlan {
  const publisher = new Publisher<RawJson, unknown>({ codec: rawJsonCodec });
  return {
    setup: setup(publisher),
    publisherKey: key,
    publish: async (routingKey, payload, headers) => {
      await publisher.publish(routingKey, payload, { headers });
    },
  };
}

/**
 * The setup the Go reference adapter (go-messaging-nats cmd/tck-adapter) uses for each intent, with one
 * deliberate difference: custom-stream consumers honour `queueSuffix` too (Go ignores it there).
 */
export function planIntent(intent: SetupIntent, handlers: IntentHandlers): IntentPlan {
  const routingKey = intent.routingKey ?? "";
  const stream = intent.exchange ?? "";
  const target = intent.targetService ?? "";
  const options: ConsumerOption<RawJson>[] = [withCodec(rawJsonCodec)];
  const durableOptions: ConsumerOption<RawJson>[] = intent.queueSuffix
    ? [...options, addConsumerNameSuffix(intent.queueSuffix) as ConsumerOption<RawJson>]
    : options;
  const key = publisherKey(intent);

  switch (`${intent.pattern}/${intent.direction}`) {
    case "event-stream/publish":
      return publishing(key, eventStreamPublisher);
    case "event-stream/consume":
      return {
        setup: intent.ephemeral
          ? transientEventStreamConsumer(routingKey, handlers.capture, ...options)
          : eventStreamConsumer(routingKey, handlers.capture, ...durableOptions),
      };
    case "custom-stream/publish":
      return publishing(key, (publisher) => streamPublisher(stream, publisher));
    case "custom-stream/consume":
      return {
        setup: intent.ephemeral
          ? transientStreamConsumer(stream, routingKey, handlers.capture, ...options)
          : streamConsumer(stream, routingKey, handlers.capture, ...durableOptions),
      };
    case "service-request/consume":
      return { setup: requestResponseHandler(routingKey, handlers.answer, ...options) };
    case "service-request/publish":
      return publishing(key, (publisher) => servicePublisher(target, publisher));
    case "service-response/consume":
      // Topology only: on NATS the reply travels on the requester's inbox.
      return { setup: serviceResponseConsumer(target, routingKey, handlers.capture, ...options) };
    case "service-response/publish":
      // Nothing to set up: the reply is sent by the request handler. Publishing is a no-op, as in Go.
      return { publisherKey: key, publish: async () => {} };
    default:
      throw new AdapterError(`unsupported intent: pattern=${intent.pattern} direction=${intent.direction}`);
  }
}
