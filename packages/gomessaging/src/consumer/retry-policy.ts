import { backoffRetryPolicy, type RetryPolicy } from "@natsflux/core";

/** How a gomessaging consumer wants failed messages redelivered. */
export interface RedeliveryOptions {
  /** Go's `BackOff`: nak delays in ms by delivery attempt, the last repeating. */
  readonly backOff?: ReadonlyArray<number> | undefined;
  /** Nak without delay, as Go does (a poison message then loops hot up to MaxDeliver). */
  readonly immediateRedelivery?: boolean | undefined;
}

/**
 * How a gomessaging consumer settles a failed handler, as core's retry policy: `NonRetryableError` and an
 * undecodable message term; any other failure naks after the BackOff delay for its delivery, or after core's
 * default schedule (1 s, 5 s, then every 30 s) without a BackOff, so a poison message cannot loop hot;
 * immediately (as Go) only when asked. The delays travel on the naks, so the consumer config stays as Go
 * declares it.
 */
export function gomessagingRetryPolicy(options: RedeliveryOptions = {}): RetryPolicy {
  if (options.immediateRedelivery) return backoffRetryPolicy({ delays: [] });
  return backoffRetryPolicy(options.backOff === undefined ? {} : { delays: options.backOff });
}
