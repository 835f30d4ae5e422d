import type { OperationLabel, OperationLabels, PublishOperation, RequestOperation } from "@natsflux/core";
import { type DeliveryInfo, deliveryOf } from "../delivery/delivery.js";
import { publishTargetOf } from "../delivery/publish-target.js";
import {
  AttrClientId,
  AttrDestinationName,
  AttrDestinationSubscription,
  AttrNatsSubject,
} from "./span-attributes.js";

/** What `gomessagingOperationLabels` needs: the service, and Go's span name options. */
export interface GomessagingLabelOptions {
  /** The service: `messaging.client_id` of every span, and the destination of service requests. */
  readonly serviceName: string;
  /** The destination of JetStream deliveries: the durable, "" if ephemeral. `serviceName` by default. */
  readonly consumer?: string;
  /** Go's `WithSpanNameFn`: the consume span's name; `{destination}#{key}` by default. */
  readonly spanName?: ((delivery: DeliveryInfo) => string) | undefined;
  /** Go's `WithPublishSpanNameFn`: the publish span's name; `publish {routingKey}` by default. */
  readonly publishSpanName?: ((target: string, routingKey: string) => string) | undefined;
  /** Told when a span name function throws; the default name is used then. */
  readonly onError?: (error: unknown) => void;
  /**
   * Whether labels are wanted for the operation at hand (e.g. only while spans are recorded, to save
   * their allocations); asked once per operation. Always by default.
   */
  readonly enabled?: () => boolean;
}

/**
 * Go's span names and attributes for core's `labelOperations` (wire contract 6.2): publishes and
 * requests are `publish {routingKey}` on their stream or target service; received events and service
 * requests are `{destination}#{key}`, with the routing key as `messaging.nats.subject`, as Go records it.
 */
export function gomessagingOperationLabels(options: GomessagingLabelOptions): OperationLabels {
  const { serviceName, consumer = serviceName, spanName, publishSpanName, onError, enabled } = options;
  const named = (custom: () => string | undefined, fallback: string): string => {
    try {
      return custom() ?? fallback;
    } catch (error) {
      onError?.(error);
      return fallback;
    }
  };
  const sent = (operation: PublishOperation | RequestOperation): OperationLabel | undefined => {
    if (enabled !== undefined && !enabled()) return undefined;
    const { target, routingKey } = publishTargetOf(operation);
    return {
      name: named(() => publishSpanName?.(target, routingKey), `publish ${routingKey}`),
      attributes: { [AttrDestinationName]: target, [AttrClientId]: serviceName },
    };
  };
  return {
    publish: sent,
    request: sent,
    process(operation) {
      if (enabled !== undefined && !enabled()) return undefined;
      const delivery = deliveryOf(operation, consumer, serviceName);
      return {
        name: named(() => spanName?.(delivery), `${delivery.destination}#${delivery.key}`),
        attributes: {
          [AttrNatsSubject]: delivery.key,
          [AttrDestinationSubscription]: delivery.destination,
          [AttrClientId]: serviceName,
        },
      };
    },
  };
}
