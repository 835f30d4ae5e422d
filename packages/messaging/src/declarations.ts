import type { Codec } from "@natsflux/core";
import type { Endpoint } from "@natsflux/gomessaging";
import type { ConsumerSettings } from "./consumer-options.js";
import type { EventHandler, RequestResponseEventHandler } from "./event.js";
import type { Publisher } from "./publisher.js";

/** A publisher on a JetStream stream (event stream or custom stream). */
export interface StreamPublisherDeclaration {
  readonly setup: string;
  readonly stream: string;
  readonly publisher: Publisher<unknown, unknown>;
}

/** A publisher of service requests to `target`. */
export interface ServicePublisherDeclaration {
  readonly setup: string;
  readonly target: string;
  readonly publisher: Publisher<unknown, unknown>;
}

/** One routing key consumed from a stream; registrations with the same durable share a consumer. */
export interface StreamConsumerDeclaration
  extends Pick<ConsumerSettings, "maxDeliver" | "backOff" | "immediateRedelivery" | "concurrency"> {
  readonly setup: string;
  readonly stream: string;
  readonly routingKey: string;
  /** Durable name; undefined for a transient (ephemeral) consumer. */
  readonly durable: string | undefined;
  readonly handler: EventHandler<unknown>;
  readonly codec: Codec<unknown>;
}

/** A Core NATS handler of `{service}.request.{routingKey}`. */
export interface ServiceHandlerDeclaration {
  readonly setup: string;
  readonly routingKey: string;
  readonly subject: string;
  readonly codec: Codec<unknown>;
  /** Present for request-response handlers: the reply is encoded with it. */
  readonly reply:
    | { readonly handler: RequestResponseEventHandler<unknown, unknown>; readonly codec: Codec<unknown> }
    | undefined;
  /** Present for one-way service request consumers. */
  readonly handler: EventHandler<unknown> | undefined;
  readonly concurrency: number | undefined;
}

/** What the setups of one service declared, in declaration order. */
export class Declarations {
  readonly serviceName: string;
  readonly endpoints: Endpoint[] = [];
  readonly streamPublishers: StreamPublisherDeclaration[] = [];
  readonly servicePublishers: ServicePublisherDeclaration[] = [];
  readonly streamConsumers: StreamConsumerDeclaration[] = [];
  readonly serviceHandlers: ServiceHandlerDeclaration[] = [];

  constructor(serviceName: string) {
    this.serviceName = serviceName;
  }
}
