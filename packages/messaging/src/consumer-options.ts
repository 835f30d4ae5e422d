import type { Codec } from "@natsflux/core";
import { ConfigError } from "@natsflux/core";
import { assertConsumerSuffix } from "@natsflux/spec";

// Option factories never throw: validation runs when start() or collectTopology() applies them, so a bad
// option fails there with the setup named, as in Go ("consumer option failed").

/** Per-consumer settings collected from `ConsumerOption`s. */
export interface ConsumerSettings {
  suffix: string | undefined;
  maxDeliver: number | undefined;
  backOff: ReadonlyArray<number> | undefined;
  immediateRedelivery: boolean | undefined;
  codec: Codec<unknown> | undefined;
  concurrency: number | undefined;
  messageType: string | undefined;
}

/** Tunes one consumer registration (Go: `ConsumerOption`). `T` ties a codec to the handler's payload type. */
export interface ConsumerOption<T = never> {
  readonly kind: "consumer-option";
  apply(settings: ConsumerSettings): void;
  /** Phantom field: carries the payload type for `withCodec`. */
  readonly __payload?: T;
}

function option<T = never>(apply: (settings: ConsumerSettings) => void): ConsumerOption<T> {
  return { kind: "consumer-option", apply };
}

/** The durable becomes `{service}-{suffix}`, so one service can have several consumers on a stream. */
export function addConsumerNameSuffix(suffix: string): ConsumerOption<never> {
  return option((s) => {
    assertConsumerSuffix(suffix);
    s.suffix = suffix;
  });
}

/** Deliveries before the server gives up on a message; 0 means "use the connection default". */
export function withMaxDeliver(maxDeliver: number): ConsumerOption<never> {
  return option((s) => {
    if (!Number.isInteger(maxDeliver) || maxDeliver < 0) {
      throw new ConfigError("maxDeliver", `MaxDeliver must be >= 0, got ${maxDeliver}`);
    }
    s.maxDeliver = maxDeliver === 0 ? undefined : maxDeliver;
  });
}

/**
 * Redelivery delays in ms, declared as the consumer's `backoff` like Go does. The server applies them to
 * ack-timeout redeliveries; natsflux also naks a failed handler so that it comes back after the delay for
 * its delivery attempt (the n-th failure waits `delaysMs[n-1]`, the last one repeats; Go naks at once).
 * No arguments: use the default (see `withImmediateRedelivery`).
 */
export function withBackOff(...delaysMs: number[]): ConsumerOption<never> {
  return option((s) => {
    delaysMs.forEach((d, i) => {
      if (!Number.isFinite(d) || d <= 0) {
        throw new ConfigError(`backOff[${i}]`, `must be a positive number of ms, got ${d}`);
      }
    });
    if (delaysMs.length > 0) s.backOff = [...delaysMs];
  });
}

/**
 * A failed handler's message is nak'ed for immediate redelivery, as Go does, instead of after the retry
 * delays (without `withBackOff`: 1 s, 5 s, then every 30 s). An always-failing message then loops as fast
 * as the handler fails until `withMaxDeliver` stops it; failures are still logged at a bounded rate.
 * Declares nothing on the server: the consumer configuration stays as Go's.
 */
export function withImmediateRedelivery(): ConsumerOption<never> {
  return option((s) => {
    s.immediateRedelivery = true;
  });
}

/** Decodes this consumer's payloads with `codec` instead of JSON. */
export function withCodec<T>(codec: Codec<T>): ConsumerOption<T> {
  return option<T>((s) => {
    s.codec = codec as Codec<unknown>;
  });
}

/** Handlers of this consumer running at once (default 1: in order). Shared by the consumer's group. */
export function withConcurrency(concurrency: number): ConsumerOption<never> {
  return option((s) => {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new ConfigError("concurrency", `must be an integer >= 1, got ${concurrency}`);
    }
    s.concurrency = concurrency;
  });
}

/** The `messageType` shown in the topology (Go fills it from the handler's type parameter). */
export function withMessageType(messageType: string): ConsumerOption<never> {
  return option((s) => {
    s.messageType = messageType;
  });
}

export function resolveConsumerSettings(options: ReadonlyArray<ConsumerOption<unknown>>): ConsumerSettings {
  const settings: ConsumerSettings = {
    suffix: undefined,
    maxDeliver: undefined,
    backOff: undefined,
    immediateRedelivery: undefined,
    codec: undefined,
    concurrency: undefined,
    messageType: undefined,
  };
  for (const o of options) o.apply(settings);
  return settings;
}
