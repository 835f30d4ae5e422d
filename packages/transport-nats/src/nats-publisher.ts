import type { NatsConnection } from "@nats-io/nats-core";
import {
  ClosedError,
  type Codec,
  noopTelemetry,
  type Publisher,
  type PublishOptions,
  type Telemetry,
  toHeaderRecord,
} from "@natsflux/core";
import {
  encodeWith,
  Once,
  PublishSubjectCheck,
  throwIfAborted,
  validMaxControlLine,
} from "@natsflux/core/internal";
import { toNatsHeaders } from "./headers.js";
import type { NatsPublisherOptions } from "./options.js";
import { send } from "./send.js";

const published: Promise<void> = Promise.resolve();

/**
 * Publishes typed values to Core NATS subjects on a connection the caller owns. Core NATS has no
 * acknowledgement: `publish` resolves once nats.js has the message (it is written out asynchronously,
 * and buffered while reconnecting). Use JetStream when delivery must be confirmed.
 */
export class NatsPublisher<T> implements Publisher<T> {
  readonly #nc: NatsConnection;
  readonly #codec: Codec<T>;
  readonly #telemetry: Telemetry;
  readonly #once = new Once();
  readonly #subjects: PublishSubjectCheck;

  constructor(nc: NatsConnection, codec: Codec<T>, options: NatsPublisherOptions = {}) {
    this.#nc = nc;
    this.#codec = codec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
    this.#subjects = new PublishSubjectCheck(0, validMaxControlLine(options.maxControlLine));
  }

  publish(subject: string, value: T, options?: PublishOptions): Promise<void> {
    if (this.#telemetry !== noopTelemetry) return this.#publishTraced(subject, value, options);
    // Not an async function: Core publishes finish synchronously, and one shared settled promise spares
    // a promise per message on the hot path. Failures still arrive as rejections, never as throws.
    try {
      const data = this.#encode(subject, value, options);
      send(this.#nc, "publish", subject, data, toNatsHeaders(options?.headers));
      return published;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async #publishTraced(subject: string, value: T, options: PublishOptions | undefined): Promise<void> {
    const data = this.#encode(subject, value, options);
    // The hook may add trace context to this record; the NATS headers are built from it afterwards.
    const headers = toHeaderRecord(options?.headers);
    await this.#telemetry.publish({ system: "nats", subject, headers, bodySize: data.length }, async () => {
      send(this.#nc, "publish", subject, data, toNatsHeaders(headers));
    });
  }

  #encode(subject: string, value: T, options: PublishOptions | undefined): Uint8Array {
    if (this.#once.started) throw new ClosedError("publisher");
    this.#subjects.check(subject);
    throwIfAborted(options?.signal, `publish to "${subject}"`);
    return encodeWith(this.#codec, value, subject);
  }

  /**
   * Stops accepting publishes and flushes what nats.js still buffers to the server. The connection
   * stays open. Idempotent.
   */
  close(): Promise<void> {
    return this.#once.run(async () => {
      if (!this.#nc.isClosed()) await this.#nc.flush().catch(() => {});
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
