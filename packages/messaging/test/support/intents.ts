import type { SetupIntent } from "@natsflux/gomessaging/fixtures";
import {
  addConsumerNameSuffix,
  type EventHandler,
  eventStreamConsumer,
  eventStreamPublisher,
  Publisher,
  requestResponseHandler,
  type Setup,
  servicePublisher,
  serviceResponseConsumer,
  streamConsumer,
  streamPublisher,
  transientEventStreamConsumer,
  transientStreamConsumer,
} from "../../src/index.js";

/** Maps a fixture intent to the setup the Go TCK adapter uses for it (section 8.1 of the wire contract). */
export function setupForIntent(
  intent: SetupIntent,
  handler: EventHandler<unknown>,
  publishers: Map<string, Publisher<unknown, unknown>>,
): Setup {
  const rk = intent.routingKey ?? "";
  const suffix = intent.queueSuffix ? [addConsumerNameSuffix(intent.queueSuffix)] : [];
  const publisher = (key: string) => {
    const pub = new Publisher<unknown, unknown>();
    publishers.set(key, pub);
    return pub;
  };
  switch (`${intent.pattern}:${intent.direction}`) {
    case "event-stream:publish":
      return eventStreamPublisher(publisher("event-stream"));
    case "event-stream:consume":
      return intent.ephemeral
        ? transientEventStreamConsumer(rk, handler)
        : eventStreamConsumer(rk, handler, ...suffix);
    case "custom-stream:publish":
      return streamPublisher(intent.exchange ?? "", publisher(`custom-stream:${intent.exchange}`));
    case "custom-stream:consume":
      return intent.ephemeral
        ? transientStreamConsumer(intent.exchange ?? "", rk, handler)
        : streamConsumer(intent.exchange ?? "", rk, handler, ...suffix);
    case "service-request:publish":
      return servicePublisher(
        intent.targetService ?? "",
        publisher(`service-request:${intent.targetService}`),
      );
    case "service-request:consume":
      return requestResponseHandler(rk, async (event) => {
        await handler(event, { signal: AbortSignal.timeout(30_000) });
        return { ok: true };
      });
    case "service-response:consume":
      return serviceResponseConsumer(intent.targetService ?? "", rk, handler);
    default:
      throw new Error(`unsupported intent: pattern=${intent.pattern} direction=${intent.direction}`);
  }
}
