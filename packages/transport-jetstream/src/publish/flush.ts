import type { NatsConnection } from "@nats-io/nats-core";

/**
 * `nc.flush()`, but never longer than `ms`: while the client is disconnected a flush waits for the reconnect,
 * and stopping a subscription must not hang on a server that is down. Never rejects.
 */
export async function flushWithin(nc: NatsConnection, ms: number): Promise<void> {
  if (nc.isClosed()) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([nc.flush().catch(() => {}), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
