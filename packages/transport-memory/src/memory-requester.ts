import {
  ClosedError,
  type Codec,
  defaultRequestTimeoutMs,
  microErrorFromReply,
  NoRespondersError,
  noopTelemetry,
  type Requester,
  type RequestOptions,
  type Telemetry,
  TimeoutError,
} from "@natsflux/core";
import {
  decodeWith,
  encodeWith,
  Once,
  raceAbort,
  settle,
  throwIfAborted,
  validPublishSubject,
  validTimeout,
} from "@natsflux/core/internal";
import type { BrokerMessage } from "./broker-types.js";
import { toWireHeaders } from "./headers.js";
import type { MemoryBroker } from "./memory-broker.js";
import type { MemoryRequesterOptions } from "./options.js";

/**
 * Sends typed requests through a MemoryBroker, Core NATS style: the request carries a fresh inbox as its
 * reply subject and the first answer wins. Nobody listening rejects at once with NoRespondersError; an
 * error reply (micro-protocol headers, or what `errorReply` recognises) rejects with RemoteError.
 */
export class MemoryRequester<Req, Resp> implements Requester<Req, Resp> {
  readonly #broker: MemoryBroker;
  readonly #requestCodec: Codec<Req>;
  readonly #responseCodec: Codec<Resp>;
  readonly #telemetry: Telemetry;
  readonly #timeout: number;
  readonly #once = new Once();
  readonly #inFlight = new Set<(error: unknown) => void>();

  constructor(
    broker: MemoryBroker,
    requestCodec: Codec<Req>,
    responseCodec: Codec<Resp>,
    options: MemoryRequesterOptions = {},
  ) {
    this.#broker = broker;
    this.#requestCodec = requestCodec;
    this.#responseCodec = responseCodec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
    this.#timeout = validTimeout(options.timeout ?? defaultRequestTimeoutMs);
  }

  async request(subject: string, request: Req, options: RequestOptions = {}): Promise<Resp> {
    if (this.#once.started) throw new ClosedError("requester");
    throwIfAborted(options.signal, "request");
    validPublishSubject(subject);
    const timeout = validTimeout(options.timeout ?? this.#timeout);
    const headers = toWireHeaders(options.headers);
    const data = encodeWith(this.#requestCodec, request, subject);
    const run = () => this.#roundTrip(subject, data, headers, timeout, options);
    if (this.#telemetry === noopTelemetry) return run();
    return this.#telemetry.request({ system: "memory", subject, headers, bodySize: data.length }, run);
  }

  /** Later requests reject with ClosedError; requests still waiting for a reply reject with it too. */
  close(): Promise<void> {
    return this.#once.run(async () => {
      for (const cancel of this.#inFlight) cancel(new ClosedError("requester"));
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #roundTrip(
    subject: string,
    data: Uint8Array,
    headers: Record<string, string>,
    timeout: number,
    options: RequestOptions,
  ): Promise<Resp> {
    const reply = settle<BrokerMessage>();
    const inbox = this.#broker.inbox();
    const entry = this.#broker.subscribe(inbox, (message) => reply.resolve(message));
    const timer = setTimeout(() => reply.reject(new TimeoutError("request", subject, timeout)), timeout);
    this.#inFlight.add(reply.reject);
    try {
      const receivers = this.#broker.publish({ subject, data, headers, reply: inbox });
      if (receivers === 0) throw new NoRespondersError(subject);
      const answer = await raceAbort(reply.promise, options.signal, "request");
      const remote = (options.errorReply ?? microErrorFromReply)({
        subject,
        data: answer.data,
        header: (key) => answer.headers[key],
      });
      if (remote !== undefined) throw remote;
      return decodeWith(this.#responseCodec, answer.data, subject);
    } finally {
      clearTimeout(timer);
      entry.unsubscribe();
      this.#inFlight.delete(reply.reject);
    }
  }
}
