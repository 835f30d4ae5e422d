/**
 * How long `drain()` lets running handlers finish before it escalates to `stop()`, when the subscription does
 * not say (nats.go's default drain timeout is also 30 s).
 */
export const defaultDrainTimeoutMs = 30_000;

/**
 * How long `stop()` waits for handlers after aborting their signal. A handler that ignores its signal is
 * abandoned past it: `stop()` and `closed` settle anyway, so shutdown is bounded by drainTimeout + this.
 */
export const stopGraceMs = 500;
