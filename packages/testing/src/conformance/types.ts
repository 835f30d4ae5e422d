import type { Codec, Message, Publisher, Requester, Responder, Subscriber } from "@natsflux/core";

/** What one conformance test gets from the transport under test. Created fresh for every test. */
export interface ConformanceContext {
  /** Unique subject prefix per test, e.g. "conf.ab12cd34"; every subject a test uses starts with it. */
  readonly prefix: string;
  publisher<T>(codec: Codec<T>): Publisher<T, unknown>;
  /**
   * `subscribe()`/`messages()` must resolve only once the subscription is live, so that a message published
   * right after reaches it (Core NATS: flush the SUB before resolving).
   */
  subscriber<T>(codec: Codec<T>): Subscriber<T, Message<T>, string>;
  /** Absent: the request-reply tests are skipped. */
  requester?<Req, Resp>(requestCodec: Codec<Req>, responseCodec: Codec<Resp>): Requester<Req, Resp>;
  /** Absent: the request-reply tests are skipped. */
  responder?<Req, Resp>(requestCodec: Codec<Req>, responseCodec: Codec<Resp>): Responder<Req, Resp>;
  /** Publishes raw bytes (and headers) bypassing codecs, to test decode errors. */
  publishRaw(subject: string, data: Uint8Array, headers?: Record<string, string>): Promise<void>;
  /** Releases what `setup()` acquired. The suite closes the publishers, subscribers etc. it made first. */
  teardown(): Promise<void>;
}

export interface ConformanceCapabilities {
  /** `*` and `>` subscriptions. @default true */
  readonly wildcards?: boolean;
  /** Request-reply; also skipped when the context has no requester/responder. @default true */
  readonly requestReply?: boolean;
  /** Responders sharing a queue group split the load (and `queue: false` fans out). @default true */
  readonly queueGroups?: boolean;
  /**
   * No flow control, like Core NATS: a full buffer drops messages and reports `slow_consumer`, and `stop()`
   * reports the messages it leaves unhandled the same way. @default false
   */
  readonly slowConsumer?: boolean;
}

export interface ConformanceTarget {
  /** Shown in the describe block, e.g. "core-nats". */
  readonly name: string;
  readonly capabilities?: ConformanceCapabilities;
  /** Called before every test. */
  setup(): Promise<ConformanceContext>;
}
