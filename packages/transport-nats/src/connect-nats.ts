import { AsyncLocalStorage } from "node:async_hooks";
import { subscribe } from "node:diagnostics_channel";
import type { Socket } from "node:net";
import type { NatsConnection } from "@nats-io/nats-core";
import type { NodeConnectionOptions } from "@nats-io/transport-node";
import { raceAbort } from "@natsflux/core/internal";

/**
 * The sockets one connect attempt opened. nats.js 3.4 leaves the socket of a failed first connect open when
 * the peer accepted TCP but never sent INFO (its transport ignores close() before it is "connected"), so a
 * process that caught the error could not exit. Node publishes every client socket on the
 * "net.client.socket" diagnostics channel, synchronously and inside the caller's async context, so the
 * attempt's own sockets are found without touching nats.js internals.
 */
class ConnectAttempt {
  readonly #sockets = new Set<Socket>();
  #finished = false;
  #abandoned = false;

  adopt(socket: Socket): void {
    if (this.#finished) return;
    if (this.#abandoned) socket.destroy();
    else this.#sockets.add(socket);
  }

  /** Connected: later sockets (reconnects) belong to the connection, not to this attempt. */
  finish(): void {
    this.#finished = true;
    this.#sockets.clear();
  }

  /** Failed: nats.js is done with every socket it opened; destroy any it left open. */
  fail(): void {
    this.cancel();
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  /**
   * Cancelled while nats.js is still connecting: destroy the sockets of silent peers and any socket it opens
   * from now on. A socket that already heard from its server is left to nats.js: destroyed under it mid-handshake,
   * nats.js would wait out its connect timeout (20 s) before giving up, keeping the process alive; it settles
   * in a round trip instead, and the connection it yields is closed.
   */
  cancel(): void {
    if (this.#finished) return;
    this.#abandoned = true;
    for (const socket of this.#sockets) {
      if (socket.bytesRead === 0) socket.destroy();
    }
  }
}

const attempts = new AsyncLocalStorage<ConnectAttempt>();
let watching = false;

function watchSockets(): void {
  if (watching) return;
  watching = true;
  subscribe("net.client.socket", (message: unknown) => {
    attempts.getStore()?.adopt((message as { socket: Socket }).socket);
  });
}

/**
 * Connects with nats.js's Node transport (`@nats-io/transport-node`, an optional peer dependency loaded
 * only here, so the transports run without it). Failure leaves no socket open; `signal` cancels the attempt
 * at once (its sockets are destroyed, a connection that still completes is closed) and rejects with
 * AbortedError.
 */
export async function connectNats(
  options: NodeConnectionOptions,
  signal?: AbortSignal,
): Promise<NatsConnection> {
  watchSockets();
  const attempt = new ConnectAttempt();
  // The import runs inside the attempt's async context too, so every socket connect() opens is adopted.
  const connecting = attempts.run(attempt, async () => {
    const { connect } = await import("@nats-io/transport-node");
    return connect(options);
  });
  connecting.then(
    () => attempt.finish(),
    () => attempt.fail(),
  );
  try {
    return await raceAbort(connecting, signal, "connect to NATS");
  } catch (error) {
    if (signal?.aborted) {
      attempt.cancel();
      connecting.then(
        (nc) => nc.close().catch(() => {}),
        () => {},
      );
    }
    throw error;
  }
}
