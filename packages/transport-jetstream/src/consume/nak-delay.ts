/**
 * The delay to send with a nak so that the message comes back `delayMs` from now, on a consumer with a
 * server-side `backoff` (in ms). The server reads a nak delay as "ack_wait ran out `delay - ack_wait` from
 * now" and then still waits this delivery's backoff step (ack_wait is `backoff[0]` there), so the delay
 * asked for is served `backoff[step] - backoff[0]` late unless it is sent shortened by that much. Same
 * arithmetic in nats-server 2.9 through 2.15 (consumer.go processNak/checkPending); measured on 2.9.10 and
 * 2.15.2. Never below 1 ms: a plain nak would redeliver at once, earlier than asked.
 */
export function serverNakDelay(
  delayMs: number,
  deliveryCount: number,
  backoff: ReadonlyArray<number> | undefined,
): number {
  if (backoff === undefined || backoff.length === 0) return delayMs;
  const first = backoff[0] as number;
  const step = backoff[Math.min(Math.max(deliveryCount, 1), backoff.length) - 1] as number;
  return Math.max(1, delayMs + first - step);
}
