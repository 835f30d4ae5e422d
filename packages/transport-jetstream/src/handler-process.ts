import type { JsMsg } from "@nats-io/jetstream";
import {
  type Codec,
  type Handler,
  type HandlerContext,
  noopTelemetry,
  type RetryPolicy,
  type StatusListener,
  type Telemetry,
} from "@natsflux/core";
import { applyDecision, decodeWith, notify } from "@natsflux/core/internal";
import type { AckBatcher } from "./ack-batcher.js";
import { JetStreamMessage } from "./message.js";

export interface ProcessSettings<T> {
  readonly codec: Codec<T>;
  readonly handler: Handler<T, JetStreamMessage<T>>;
  readonly manual: boolean;
  readonly retryPolicy: RetryPolicy;
  readonly workingInterval: number | undefined;
  readonly telemetry: Telemetry;
  /** Re-read per message: a reconnect may land on a server of another version. */
  readonly termReasons: () => boolean;
  readonly batcher: AckBatcher;
  /** The consumer's server-side backoff in ms, which a delayed nak accounts for. */
  readonly backoff: () => ReadonlyArray<number> | undefined;
  readonly onStatus: StatusListener | undefined;
  readonly consumer: string;
  readonly stream: string;
}

/**
 * Handles one received message: decode, run the handler (through telemetry), then settle it. Synchronous
 * handlers are settled synchronously, without a promise per message; that keeps handler mode close to a raw
 * `consume()` callback loop.
 */
export function messageProcessor<T>(
  settings: ProcessSettings<T>,
): (raw: JsMsg, context: HandlerContext) => void | Promise<void> {
  const { codec, handler, manual, retryPolicy, workingInterval, telemetry, onStatus } = settings;
  const settle = (message: JetStreamMessage<T>, error: unknown) => {
    if (error === undefined) {
      // Success acks without consulting the policy (nor parsing the delivery info): the hot path.
      // Manual mode leaves success to the handler.
      if (!manual) message.ack();
      return;
    }
    notify(onStatus, { type: "handler_error", subject: message.subject, error });
    // A failure the handler did not settle gets the retry policy, in manual mode too, so it comes back
    // after the policy's delay rather than after ack_wait.
    try {
      applyDecision(message, retryPolicy(error, message.info.deliveryCount));
    } catch (policyError) {
      notify(onStatus, { type: "error", error: policyError });
    }
  };
  // Shared by every message (no closure per message on the synchronous path).
  const finish = (
    message: JetStreamMessage<T>,
    timer: ReturnType<typeof setInterval> | undefined,
    error: unknown,
  ): void => {
    if (timer !== undefined) clearInterval(timer);
    settle(message, error);
  };
  return (raw, context) => {
    let payload: T;
    try {
      payload = decodeWith(codec, raw.data, raw.subject);
    } catch (error) {
      // Undecodable: the handler never sees it; the policy terms it (DecodeError is never retried).
      const { termReasons, batcher, backoff } = settings;
      settle(new JetStreamMessage<T>(raw, undefined as T, termReasons, batcher, backoff), error);
      return;
    }
    const message = new JetStreamMessage<T>(
      raw,
      payload,
      settings.termReasons,
      settings.batcher,
      settings.backoff,
    );
    const timer =
      workingInterval === undefined ? undefined : setInterval(() => message.working(), workingInterval);
    let result: void | Promise<void>;
    try {
      result =
        telemetry === noopTelemetry
          ? handler(message, context)
          : telemetry.process(
              {
                system: "jetstream",
                subject: message.subject,
                headers: message.headers,
                bodySize: raw.data.length,
                consumerGroup: settings.consumer,
                destination: settings.stream,
              },
              async () => handler(message, context),
            );
    } catch (error) {
      finish(message, timer, error ?? new Error("handler threw without a reason"));
      return;
    }
    if (result instanceof Promise) {
      return result.then(
        () => finish(message, timer, undefined),
        (error: unknown) => finish(message, timer, error ?? new Error("handler rejected without a reason")),
      );
    }
    finish(message, timer, undefined);
    return undefined;
  };
}
