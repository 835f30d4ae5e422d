import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { ConfigError } from "@natsflux/core";

/**
 * What the transport accepts to reach JetStream: a connection, or a JetStream client or manager the caller
 * already configured (API prefix, domain, timeout). The caller owns it: the transport never closes or drains it.
 */
export type JetStreamSource = NatsConnection | JetStreamClient | JetStreamManager;

/** The three handles the transport needs, derived once from a `JetStreamSource`. */
export interface JetStreamHandles {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  /** The manager, created on first use (nothing is sent until then). */
  manager(): Promise<JetStreamManager>;
}

export function resolveHandles(source: JetStreamSource): JetStreamHandles {
  if (isConnection(source)) {
    const nc = source;
    return withManager(nc, jetstream(nc), () => jetstreamManager(nc, { checkAPI: false }));
  }
  const nc = connectionOf(source);
  if (isManager(source)) return withManager(nc, source.jetstream(), () => Promise.resolve(source));
  const js = source;
  return withManager(nc, js, () => js.jetstreamManager(false));
}

function withManager(
  nc: NatsConnection,
  js: JetStreamClient,
  create: () => Promise<JetStreamManager>,
): JetStreamHandles {
  let manager: Promise<JetStreamManager> | undefined;
  return {
    nc,
    js,
    manager: () => {
      manager ??= create();
      return manager;
    },
  };
}

function isConnection(source: JetStreamSource): source is NatsConnection {
  return typeof (source as Partial<NatsConnection>).subscribe === "function";
}

function isManager(source: JetStreamClient | JetStreamManager): source is JetStreamManager {
  return typeof (source as Partial<JetStreamManager>).jetstream === "function";
}

// The v3 client keeps the connection on its JetStream objects as `nc` but does not type it (nats.js itself
// reads it the same way); the transport needs it for flushes, server version and connection status.
function connectionOf(source: JetStreamClient | JetStreamManager): NatsConnection {
  const nc = (source as { nc?: unknown }).nc;
  if (nc !== undefined && isConnection(nc as JetStreamSource)) return nc as NatsConnection;
  throw new ConfigError(
    "source",
    "expected a NatsConnection, or a JetStream client/manager from @nats-io/jetstream 3.x",
  );
}
