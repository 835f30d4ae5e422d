import type { JetStreamClient, JetStreamPublishOptions as NatsPublishOptions } from "@nats-io/jetstream";
import type { MsgHdrs } from "@nats-io/nats-core";
import {
  ClosedError,
  type Codec,
  noopTelemetry,
  type Publisher,
  type Telemetry,
  toHeaderRecord,
} from "@natsflux/core";
import {
  encodeWith,
  isHeaderPairs,
  Once,
  PublishSubjectCheck,
  raceAbort,
  throwIfAborted,
  validMaxControlLine,
} from "@natsflux/core/internal";
import { replyBytesOf } from "@natsflux/transport-nats/adapter";
import { type JetStreamSource, resolveHandles } from "../connection.js";
import { InFlight } from "../consume/in-flight.js";
import { toMsgHdrs } from "../headers.js";
import { publishError } from "./publish-errors.js";
import type {
  JetStreamPublisherOptions,
  JetStreamPublishOptions,
  PipelineOptions,
  PubAck,
} from "./publish-options.js";
import { PublishPipeline } from "./publish-pipeline.js";

/**
 * Publishes typed values to JetStream and resolves with the stream's acknowledgement. Each `publish()` waits
 * for its own ack (about one round trip); use `pipeline()` to keep many in flight for throughput.
 * The connection belongs to the caller: `close()` waits for pending publishes but never closes it.
 */
export class JetStreamPublisher<T> implements Publisher<T, PubAck, JetStreamPublishOptions> {
  readonly #js: JetStreamClient;
  readonly #codec: Codec<T>;
  readonly #telemetry: Telemetry;
  readonly #timeout: number;
  readonly #inFlight = new InFlight();
  readonly #pipelines = new Set<PublishPipeline<T>>();
  readonly #once = new Once();
  readonly #subjects: PublishSubjectCheck;

  constructor(source: JetStreamSource, codec: Codec<T>, options: JetStreamPublisherOptions = {}) {
    const { js, nc } = resolveHandles(source);
    this.#js = js;
    this.#codec = codec;
    this.#telemetry = options.telemetry ?? noopTelemetry;
    this.#timeout = options.timeout ?? js.getOptions().timeout ?? 5000;
    // A JetStream publish is a request: its PUB line carries the reply inbox too.
    this.#subjects = new PublishSubjectCheck(replyBytesOf(nc), validMaxControlLine(options.maxControlLine));
  }

  /**
   * Stores `value` on the stream that captures `subject`. Rejects with `PublishError` (refused, or no stream
   * captures the subject), `PublishTimeoutError` (a `TimeoutError`: it may or may not have been stored, so
   * retry with the same `msgId`), `AbortedError`, `EncodeError` or `ClosedError`.
   */
  publish(subject: string, value: T, options: JetStreamPublishOptions = {}): Promise<PubAck> {
    try {
      if (this.#telemetry !== noopTelemetry)
        return this.#inFlight.track(this.#prepare(subject, value, options)());
      const data = this.#encode(subject, value, options);
      const natsOptions = this.#natsOptions(options, toMsgHdrsOf(options));
      // js.publish is called right here rather than through helpers: nats.js captures a stack trace per
      // publish (unless noAsyncTraces), and every frame between the caller and it makes that capture dearer.
      const ack = this.#js.publish(subject, data, natsOptions);
      return this.#inFlight.track(this.#settle(ack, subject, natsOptions.timeout, options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A pipelined publisher on this one: up to `window` publishes awaiting their acks at once, with
   * per-message results. Close or flush it before closing the publisher.
   */
  pipeline(options: PipelineOptions = {}): PublishPipeline<T> {
    this.#assertOpen();
    const pipeline = new PublishPipeline<T>(
      (subject, value, publishOptions) => this.#prepare(subject, value, publishOptions),
      options,
      () => this.#pipelines.delete(pipeline),
    );
    this.#pipelines.add(pipeline);
    return pipeline;
  }

  /** Refuses new publishes, then waits for pending ones and for open pipelines to flush. Idempotent. */
  close(): Promise<void> {
    return this.#once.run(async () => {
      await Promise.all([...this.#pipelines].map((p) => p.close()));
      await this.#inFlight.idle();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Does everything that can fail before sending, now, and returns the function that sends: the pipeline
   * rejects `publish()` itself for those failures, and sends later, in bursts.
   */
  #prepare(subject: string, value: T, options: JetStreamPublishOptions): () => Promise<PubAck> {
    const data = this.#encode(subject, value, options);
    if (this.#telemetry === noopTelemetry) {
      const natsOptions = this.#natsOptions(options, toMsgHdrsOf(options));
      // js.publish straight from the returned function (one frame less for nats.js's per-publish stack trace).
      return () =>
        this.#settle(this.#js.publish(subject, data, natsOptions), subject, natsOptions.timeout, options);
    }
    const given = options.headers;
    const headers = toHeaderRecord(given);
    // Converted (and validated) once, now; what the hook then adds to the record is applied on top.
    const hdrs = toMsgHdrs(headers);
    const operation = {
      system: "jetstream" as const,
      subject,
      headers,
      bodySize: data.length,
      ...(options.msgId === undefined ? {} : { messageId: options.msgId }),
    };
    // What a tracer injects while the hook runs goes out too.
    return () =>
      this.#telemetry.publish(operation, () =>
        this.#request(subject, data, withHookChanges(hdrs, headers, given), options),
      );
  }

  #request(
    subject: string,
    data: Uint8Array,
    hdrs: MsgHdrs | undefined,
    options: JetStreamPublishOptions,
  ): Promise<PubAck> {
    const natsOptions = this.#natsOptions(options, hdrs);
    return this.#settle(this.#js.publish(subject, data, natsOptions), subject, natsOptions.timeout, options);
  }

  /**
   * Throws the `ConfigError` that `publish` rejects with when the server would refuse `subject`, naming
   * `field`.
   * @internal used by the facade, which names the routing key
   */
  checkSubject(subject: string, field = "subject"): void {
    this.#subjects.check(subject, field);
  }

  /** What fails before anything is sent: closed, a subject the server would refuse, aborted, unencodable. */
  #encode(subject: string, value: T, options: JetStreamPublishOptions): Uint8Array {
    this.#assertOpen();
    this.#subjects.check(subject);
    throwIfAborted(options.signal, "publish");
    return encodeWith(this.#codec, value, subject);
  }

  #natsOptions(
    options: JetStreamPublishOptions,
    hdrs: MsgHdrs | undefined,
  ): Partial<NatsPublishOptions> & { timeout: number } {
    const natsOptions: Partial<NatsPublishOptions> & { timeout: number } = {
      timeout: options.timeout ?? this.#timeout,
    };
    if (hdrs !== undefined) natsOptions.headers = hdrs;
    if (options.msgId !== undefined) natsOptions.msgID = options.msgId;
    if (options.expect !== undefined) natsOptions.expect = toExpect(options.expect);
    return natsOptions;
  }

  /** The ack as a PubAck, failures as PublishError, released early by the caller's abort signal. */
  #settle(
    ack: Promise<PubAck>,
    subject: string,
    timeout: number,
    options: JetStreamPublishOptions,
  ): Promise<PubAck> {
    // nats.js already returns {stream, seq, duplicate (a boolean), domain?}: passed on as is, no copy.
    const mapped = ack.catch((error: unknown) => {
      throw publishError(subject, error, timeout, options.msgId);
    });
    return raceAbort(mapped, options.signal, "publish");
  }

  #assertOpen(): void {
    if (this.#once.started) throw new ClosedError("JetStream publisher");
  }
}

/**
 * `hdrs` (converted from `given`) plus the keys a telemetry hook added to or changed in `record`, its copy
 * of `given`: converting the whole record again per message cost more than the rest of the traced path.
 */
function withHookChanges(
  hdrs: MsgHdrs | undefined,
  record: Readonly<Record<string, string>>,
  given: JetStreamPublishOptions["headers"],
): MsgHdrs | undefined {
  if (given !== undefined && isHeaderPairs(given)) return toMsgHdrs(record);
  const before = given as Readonly<Record<string, string>> | undefined;
  let changed: Record<string, string> | undefined;
  for (const key in record) {
    const value = record[key] as string;
    if (before?.[key] === value) continue;
    changed ??= {};
    changed[key] = value;
  }
  if (changed === undefined) return hdrs;
  const extra = toMsgHdrs(changed);
  if (hdrs === undefined || extra === undefined) return extra ?? hdrs;
  for (const key of extra.keys()) hdrs.set(key, extra.get(key));
  return hdrs;
}

function toMsgHdrsOf(options: JetStreamPublishOptions): MsgHdrs | undefined {
  return options.headers === undefined ? undefined : toMsgHdrs(options.headers);
}

function toExpect(expect: NonNullable<JetStreamPublishOptions["expect"]>): NatsPublishOptions["expect"] {
  const out: NatsPublishOptions["expect"] = {};
  if (expect.stream !== undefined) out.streamName = expect.stream;
  if (expect.lastSequence !== undefined) out.lastSequence = expect.lastSequence;
  if (expect.lastSubjectSequence !== undefined) out.lastSubjectSequence = expect.lastSubjectSequence;
  if (expect.lastMsgId !== undefined) out.lastMsgID = expect.lastMsgId;
  return out;
}
