import { jsonCodec } from "@natsflux/codec-json";
import type { Codec } from "@natsflux/core";
import type { Context } from "@opentelemetry/api";
import { LifecycleError } from "./errors/lifecycle-error.js";

export interface PublishOptions {
  /** Custom headers, sent exactly as given; `service` is reserved and an empty key is refused. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /**
   * Parent of the publish span (Go: the `ctx` argument). Defaults to the active OpenTelemetry context;
   * give it explicitly where no context manager carries it (e.g. a handler's `traceContext`).
   */
  readonly traceContext?: Context;
}

export interface PublisherOptions<T, R> {
  /** Encodes payloads (JSON by default; `ce-datacontenttype` follows the codec's content type). */
  readonly codec?: Codec<T>;
  /** Decodes replies of a service publisher (JSON by default). */
  readonly responseCodec?: Codec<R>;
}

/** How a wired publisher sends; installed by the connection at `start()`. */
export interface PublishSink<T, R> {
  publish(routingKey: string, payload: T, options: PublishOptions | undefined): Promise<R>;
}

/** Symbols the connection uses to claim and wire a publisher; not part of the public API. */
export const claimPublisher = Symbol("natsflux.claimPublisher");
export const wirePublisher = Symbol("natsflux.wirePublisher");

/**
 * Sends events (stream publishers) or requests (service publishers). Create it, pass it to one
 * publisher setup, start the connection, then publish. For a service publisher, `publish` resolves with
 * the typed reply `R` (Go discards it) and rejects with `RemoteError` when the handler failed.
 */
export class Publisher<T = unknown, R = void> {
  readonly codec: Codec<T>;
  readonly responseCodec: Codec<R>;
  #claimedBy: string | undefined;
  #sink: PublishSink<T, R> = {
    publish: () =>
      Promise.reject(
        new LifecycleError(
          this.#claimedBy === undefined
            ? "publisher is not wired: pass it to a publisher setup and start the connection"
            : `publisher is not wired: the connection that declared ${this.#claimedBy} has not started (or has closed)`,
        ),
      ),
  };

  constructor(options: PublisherOptions<T, R> = {}) {
    this.codec = options.codec ?? jsonCodec<T>();
    this.responseCodec = options.responseCodec ?? jsonCodec<R>();
  }

  publish(routingKey: string, payload: T, options?: PublishOptions): Promise<R> {
    return this.#sink.publish(routingKey, payload, options);
  }

  /** Marks the publisher as used by `setup`; a publisher serves one setup of one connection. */
  [claimPublisher](setup: string): void {
    if (this.#claimedBy !== undefined && this.#claimedBy !== setup) {
      throw new LifecycleError(
        `publisher is already used by ${this.#claimedBy}; create one Publisher per setup`,
      );
    }
    this.#claimedBy = setup;
  }

  [wirePublisher](sink: PublishSink<T, R>): void {
    this.#sink = sink;
  }
}
