import type { NodeConnectionOptions } from "@nats-io/transport-node";
import { type ConnectionOptions, DEFAULT_RECONNECT } from "./connection-options.js";

/**
 * nats.js options for a connection natsflux opens itself: the service name as the client name, the
 * reconnect defaults, and `noAsyncTraces` unless the caller says otherwise. nats.js otherwise captures a
 * stack trace for every request and JetStream publish (measured: about 45% of the CPU of a request-reply
 * or publish with many in flight); natsflux errors already name the operation and subject. Only `servers`
 * and the `nats` object reach nats.js, so no natsflux option can.
 */
export function natsClientOptions(options: ConnectionOptions): NodeConnectionOptions {
  return {
    name: options.serviceName,
    ...DEFAULT_RECONNECT,
    noAsyncTraces: true,
    ...options.nats,
    ...(options.servers === undefined ? {} : { servers: options.servers }),
  };
}
