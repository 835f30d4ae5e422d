import type { NodeConnectionOptions } from "@nats-io/transport-node";
import { type ConnectionOptions, DEFAULT_RECONNECT } from "./connection-options.js";

/**
 * nats.js options for a connection natsflux opens itself: the service name as the client name, the
 * reconnect defaults, and `noAsyncTraces` unless the caller says otherwise. nats.js otherwise captures a
 * stack trace for every request and JetStream publish (measured: about 45% of the CPU of a request-reply
 * or publish with many in flight); natsflux errors already name the operation and subject. Every other
 * nats.js option given to `createConnection` is passed on; natsflux's own options are not.
 */
export function natsClientOptions(options: ConnectionOptions): NodeConnectionOptions {
  const {
    serviceName,
    connection: _c,
    logger: _l,
    logLevel: _ll,
    requestTimeout: _rt,
    streamDefaults: _sd,
    streams: _s,
    consumerDefaults: _cd,
    onNotification: _on,
    onError: _oe,
    onStatus: _os,
    metrics: _m,
    drainTimeout: _dt,
    tracerProvider: _tp,
    propagator: _pr,
    spanNameFn: _sn,
    publishSpanNameFn: _psn,
    consumerTraceMode: _ctm,
    ...clientOptions
  } = options;
  return { name: serviceName, ...DEFAULT_RECONNECT, noAsyncTraces: true, ...clientOptions };
}
