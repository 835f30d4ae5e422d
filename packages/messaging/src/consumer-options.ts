import type { Codec } from "@natsflux/core";
import {
  validConcurrency,
  validMethods,
  validString,
  validTimeouts,
  validWholeNumber,
} from "@natsflux/core/internal";
import { assertConsumerSuffix } from "@natsflux/gomessaging";

// Option factories never throw: the settings are checked when start() or collectTopology() declares the
// consumer, so a bad option fails there with the setup named, as in Go ("consumer option failed").

/** Per-consumer settings collected from `ConsumerOption`s. */
export interface ConsumerSettings {
  readonly suffix?: string;
  readonly maxDeliver?: number;
  readonly backOff?: ReadonlyArray<number>;
  readonly immediateRedelivery?: boolean;
  readonly codec?: Codec<unknown>;
  readonly concurrency?: number;
  readonly messageType?: string;
}

/** Tunes one consumer registration (Go: `ConsumerOption`). `T` ties a codec to the handler's payload type. */
export interface ConsumerOption<T = never> {
  readonly kind: "consumer-option";
  readonly settings: ConsumerSettings;
  /** Phantom field: carries the payload type for `withCodec`. */
  readonly __payload?: T;
}

function option<T = never>(settings: ConsumerSettings): ConsumerOption<T> {
  return { kind: "consumer-option", settings };
}

/** The durable becomes `{service}-{suffix}`, so one service can have several consumers on a stream. */
export function addConsumerNameSuffix(suffix: string): ConsumerOption<never> {
  return option({ suffix });
}

/** Deliveries before the server gives up on a message; 0 means "use the connection default". */
export function withMaxDeliver(maxDeliver: number): ConsumerOption<never> {
  return option({ maxDeliver });
}

/**
 * Redelivery delays in ms, declared as the consumer's `backoff` like Go does. The server applies them to
 * ack-timeout redeliveries; natsflux also naks a failed handler so that it comes back after the delay for
 * its delivery attempt (the n-th failure waits `delaysMs[n-1]`, the last one repeats; Go naks at once).
 * No arguments: use the default (see `withImmediateRedelivery`).
 */
export function withBackOff(...delaysMs: number[]): ConsumerOption<never> {
  return option({ backOff: delaysMs });
}

/**
 * A failed handler's message is nak'ed for immediate redelivery, as Go does, instead of after the retry
 * delays (without `withBackOff`: 1 s, 5 s, then every 30 s). An always-failing message then loops as fast
 * as the handler fails until `withMaxDeliver` stops it; failures are still logged at a bounded rate.
 * Declares nothing on the server: the consumer configuration stays as Go's.
 */
export function withImmediateRedelivery(): ConsumerOption<never> {
  return option({ immediateRedelivery: true });
}

/** Decodes this consumer's payloads with `codec` instead of JSON. */
export function withCodec<T>(codec: Codec<T>): ConsumerOption<T> {
  return option<T>({ codec: codec as Codec<unknown> });
}

/** Handlers of this consumer running at once (default 1: in order). Shared by the consumer's group. */
export function withConcurrency(concurrency: number): ConsumerOption<never> {
  return option({ concurrency });
}

/** The `messageType` shown in the topology (Go fills it from the handler's type parameter). */
export function withMessageType(messageType: string): ConsumerOption<never> {
  return option({ messageType });
}

type Check<K extends keyof ConsumerSettings> = (
  field: K,
  value: NonNullable<ConsumerSettings[K]>,
) => ConsumerSettings[K];

/** The one rule per consumer setting; 0 and empty values mean "the default", as in Go. */
const checks: { readonly [K in keyof ConsumerSettings]-?: Check<K> } = {
  suffix: (_, v) => {
    assertConsumerSuffix(v);
    return v;
  },
  maxDeliver: (field, v) => validWholeNumber(field, v) || undefined,
  backOff: (field, v) => {
    const delays = validTimeouts(field, v);
    return delays.length > 0 ? delays : undefined;
  },
  immediateRedelivery: (_, v) => v,
  codec: (field, v) => validMethods(field, v, ["encode", "decode"]),
  concurrency: (_, v) => validConcurrency(v),
  messageType: validString,
};

/** Merges `options` in order (later ones win), each setting checked. */
export function resolveConsumerSettings(options: ReadonlyArray<ConsumerOption<unknown>>): ConsumerSettings {
  const settings: Record<string, unknown> = {};
  for (const { settings: given } of options) {
    for (const key of Object.keys(given) as (keyof ConsumerSettings)[]) {
      const value = given[key];
      if (value !== undefined) settings[key] = (checks[key] as Check<typeof key>)(key, value as never);
    }
  }
  return settings as ConsumerSettings;
}
