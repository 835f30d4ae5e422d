import {
  ClosedError,
  type Codec,
  noopTelemetry,
  type Publisher,
  type PublishOptions,
  type Telemetry,
} from "@natsflux/core";
import { encodeWith, Once, throwIfAborted, validPublishSubject } from "@natsflux/core/internal";
import { toWireHeaders } from "./headers.js";
import type { MemoryBroker } from "./memory-broker.js";
import type { MemoryPublisherOptions } from "./options.js";

/**
 * Publishes typed values to a MemoryBroker. The value is encoded here, so an unencodable value rejects
 * with EncodeError and nothing is delivered, exactly as on a real transport.
 */
export class MemoryPublisher<T> implements Publisher<T> {
  readonly #broker: MemoryBroker;
  readonly #codec: Codec<T>;
  readonly #telemetry: Telemetry;
  readonly #once = new Once();

  constructor(broker: MemoryBroker, codec: Codec<T>, options: MemoryPublisherOptions = {}) {
    this.#broker = broker;
    this.#codec = codec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
  }

  async publish(subject: string, value: T, options: PublishOptions = {}): Promise<void> {
    if (this.#once.started) throw new ClosedError("publisher");
    throwIfAborted(options.signal, "publish");
    validPublishSubject(subject);
    const headers = toWireHeaders(options.headers);
    const data = encodeWith(this.#codec, value, subject);
    // The broker reads `headers` only when `send` runs, after a tracer had the chance to inject into it.
    const send = async () => {
      this.#broker.publish({ subject, data, headers });
    };
    if (this.#telemetry === noopTelemetry) return send();
    return this.#telemetry.publish({ system: "memory", subject, headers, bodySize: data.length }, send);
  }

  /** Later publishes reject with ClosedError. Nothing is buffered, so there is nothing to flush. */
  close(): Promise<void> {
    return this.#once.run(async () => {});
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
