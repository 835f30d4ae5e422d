import type { Msg, NatsConnection, Subscription as NatsSubscription } from "@nats-io/nats-core";
import { ClosedError, type NatsfluxError, type StatusListener } from "@natsflux/core";
import { type DropReporter, notify, type SubscriptionSource } from "@natsflux/core/internal";
import { watchConnectionStatus } from "./connection-status.js";
import { toNatsfluxError } from "./errors.js";

/** What the NATS side drives: the shared DispatchSubscription or StreamSubscription from core. */
export interface SubscriptionSink<M> {
  readonly closed: Promise<void>;
  attach(source: SubscriptionSource<M>): unknown;
  drain(): Promise<void>;
  fail(error: unknown): Promise<void>;
}

export interface OpenOptions<M> {
  readonly subject: string;
  readonly queue: string | undefined;
  readonly sink: SubscriptionSink<M>;
  /** Called synchronously by nats.js for every message, in order. Must be cheap. */
  readonly onMessage: (msg: Msg) => void;
  readonly onStatus: StatusListener | undefined;
  readonly drops: DropReporter;
}

/**
 * Opens the nats.js subscription behind `sink` and resolves once the server has registered interest
 * (after a flush), so a publish made after `subscribe()` resolves is received. A permission violation
 * for the subscription arrives before the flush's PONG, so it rejects here as a PermissionError.
 */
export async function openNatsSubscription<M>(nc: NatsConnection, options: OpenOptions<M>): Promise<void> {
  const { subject, queue, sink, onMessage, onStatus, drops } = options;
  let failure: NatsfluxError | undefined;
  let ending = false;

  // A callback subscription: nats.js calls it synchronously from its parser, without an intermediate
  // queue, so backlog and drops are ours to bound. It must never throw into the parser.
  const callback = (error: Error | null, msg: Msg): void => {
    if (error !== null) {
      if (failure !== undefined) return;
      failure = toNatsfluxError(error, "subscribe", subject);
      notify(onStatus, { type: "error", error: failure });
      void sink.fail(failure);
      return;
    }
    try {
      onMessage(msg);
    } catch (thrown) {
      notify(onStatus, { type: "error", error: thrown });
    }
  };

  let natsSub: NatsSubscription;
  try {
    natsSub = nc.subscribe(subject, queue === undefined ? { callback } : { queue, callback });
  } catch (error) {
    throw toNatsfluxError(error, "subscribe", subject);
  }

  sink.attach({
    stop: () => {
      ending = true;
      natsSub.unsubscribe();
      drops.flush();
      return Promise.resolve();
    },
    drain: async () => {
      ending = true;
      // nats.js drain: UNSUB, then a flush; everything the server sent before the UNSUB reaches the
      // callback before the flush resolves, so the sink's backlog is complete afterwards.
      if (!natsSub.isClosed()) await natsSub.drain().catch(() => {});
      drops.flush();
    },
    discard: (items) => drops.discard(items.length),
  });

  // Ended by the connection rather than by us: the owner drained it (finish what arrived) or closed it.
  natsSub.closed.then(
    () => {
      if (ending || failure !== undefined) return;
      if (nc.isDraining()) void sink.drain();
      else void sink.fail(new ClosedError("NATS connection"));
    },
    () => {},
  );

  if (onStatus !== undefined) {
    const unwatch = watchConnectionStatus(nc, onStatus);
    sink.closed.then(unwatch, unwatch);
  }

  try {
    await nc.flush();
  } catch (error) {
    const mapped = failure ?? toNatsfluxError(error, "subscribe", subject);
    void sink.fail(mapped);
    throw mapped;
  }
  if (failure !== undefined) throw failure;
}

/** For `.catch()` on opening: ends the half-made subscription (so `close()` skips it), then rethrows. */
export function failWith(sink: { fail(error: unknown): Promise<void> }): (error: unknown) => never {
  return (error) => {
    void sink.fail(error);
    throw error;
  };
}
