import type { Msg, NatsConnection, Subscription as NatsSubscription } from "@nats-io/nats-core";
import { ClosedError, type NatsfluxError, type StatusListener } from "@natsflux/core";
import { notify, type PushTarget } from "@natsflux/core/internal";
import { watchConnectionStatus } from "./connection-status.js";
import { toNatsfluxError } from "./errors.js";

export interface OpenOptions {
  readonly subject: string;
  readonly queue: string | undefined;
  readonly onStatus: StatusListener | undefined;
}

/**
 * Opens the nats.js subscription that pushes into `target` and resolves once the server has registered
 * interest (after a flush), so a publish made after `subscribe()` resolves is received. A permission
 * violation for the subscription arrives before the flush's PONG, so it rejects here as a PermissionError.
 */
export async function openNatsSubscription(
  nc: NatsConnection,
  options: OpenOptions,
  target: PushTarget<Msg>,
): Promise<void> {
  const { subject, queue, onStatus } = options;
  const { push, subscription } = target;
  let failure: NatsfluxError | undefined;
  let ending = false;

  // A callback subscription: nats.js calls it synchronously from its parser, without an intermediate
  // queue, so backlog and drops are ours to bound. It must never throw into the parser.
  const callback = (error: Error | null, msg: Msg): void => {
    if (error !== null) {
      if (failure !== undefined) return;
      failure = toNatsfluxError(error, "subscribe", subject);
      notify(onStatus, { type: "error", error: failure });
      void subscription.fail(failure);
      return;
    }
    try {
      push(msg);
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

  target.attach({
    unsubscribe: () => {
      ending = true;
      natsSub.unsubscribe();
    },
    drain: async () => {
      ending = true;
      // nats.js drain: UNSUB, then a flush; everything the server sent before the UNSUB reaches the
      // callback before the flush resolves, so the backlog is complete afterwards.
      if (!natsSub.isClosed()) await natsSub.drain().catch(() => {});
    },
  });

  // Ended by the connection rather than by us: the owner drained it (finish what arrived) or closed it.
  natsSub.closed.then(
    () => {
      if (ending || failure !== undefined) return;
      if (nc.isDraining()) void subscription.drain();
      else void subscription.fail(new ClosedError("NATS connection"));
    },
    () => {},
  );

  if (onStatus !== undefined) {
    const unwatch = watchConnectionStatus(nc, onStatus);
    subscription.closed.then(unwatch, unwatch);
  }

  try {
    await nc.flush();
  } catch (error) {
    const mapped = failure ?? toNatsfluxError(error, "subscribe", subject);
    void subscription.fail(mapped);
    throw mapped;
  }
  if (failure !== undefined) throw failure;
}
