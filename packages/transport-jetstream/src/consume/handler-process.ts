import type { JsMsg } from "@nats-io/jetstream";
import {
  type AckDecision,
  type CodecChoice,
  type Handler,
  type HandlerContext,
  type Headers,
  noHeaders,
  noopTelemetry,
  type ProcessOperation,
  type RetryPolicy,
  type Settlement,
  type StatusListener,
  type Telemetry,
} from "@natsflux/core";
import { applyDecision, decodeWith, notify } from "@natsflux/core/internal";
import { headersOf } from "@natsflux/transport-nats/adapter";
import type { AckBatcher } from "./ack-batcher.js";
import { codecChooser } from "./codec-chooser.js";
import { JetStreamMessage } from "./jetstream-message.js";

export interface ProcessSettings<T> {
  readonly codec: CodecChoice<T>;
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
  /** The durable consumer's name; undefined for an ephemeral one. */
  readonly consumer: string | undefined;
  readonly stream: string;
}

/** Term reason of a message whose subject no handler takes (a codec selector returned undefined). */
export const noHandlerReason = "no handler for routing key";

const resolved: Promise<void> = Promise.resolve();

/**
 * Handles one received message: pick the codec, decode, run the handler (through telemetry), then settle it.
 * A message without a codec is terminated unhandled; an undecodable one (payload or header block) goes to the
 * retry policy (which terms it), reported as `handler_error`. Telemetry's `settled` hears how every message
 * ended. Without telemetry, synchronous handlers are settled synchronously, without a promise per message;
 * that keeps handler mode close to a raw `consume()` callback loop.
 */
export function messageProcessor<T>(
  settings: ProcessSettings<T>,
): (raw: JsMsg, context: HandlerContext) => void | Promise<void> {
  const { handler, manual, retryPolicy, workingInterval, telemetry, onStatus } = settings;
  const { termReasons, batcher, backoff } = settings;
  const choose = codecChooser(settings.codec);
  const traced = telemetry !== noopTelemetry;
  const settled = telemetry.settled?.bind(telemetry);
  const messageOf = (raw: JsMsg, payload: T) =>
    new JetStreamMessage<T>(raw, payload, termReasons, batcher, backoff);

  /** Tells telemetry how the message ended, when it listens and the message was settled. */
  const report = (
    operation: ProcessOperation,
    decision: AckDecision | undefined,
    started: number,
    error: unknown,
    rejected?: Settlement["rejected"],
  ) => {
    if (settled === undefined || decision === undefined) return;
    const durationMs = performance.now() - started;
    // Built without spreads: this runs for every message while anyone listens.
    let settlement: Settlement;
    if (rejected !== undefined) settlement = { decision, durationMs, rejected, error };
    else if (error !== undefined) settlement = { decision, durationMs, error };
    else settlement = { decision, durationMs };
    try {
      settled(operation, settlement);
    } catch (hookError) {
      notify(onStatus, { type: "error", error: hookError });
    }
  };

  /** A failure the handler did not settle gets the retry policy (in manual mode too: back after its delay). */
  const fail = (message: JetStreamMessage<T>, error: unknown): void => {
    const deliveryCount = message.info.deliveryCount;
    let decision: AckDecision;
    try {
      decision = retryPolicy(error, deliveryCount);
    } catch (policyError) {
      notify(onStatus, { type: "handler_error", subject: message.subject, error, deliveryCount });
      notify(onStatus, { type: "error", error: policyError });
      return;
    }
    notify(onStatus, { type: "handler_error", subject: message.subject, error, deliveryCount, decision });
    applyDecision(message, decision);
  };

  // Shared by every message (no closure per message on the synchronous path).
  const finish = (
    message: JetStreamMessage<T>,
    timer: ReturnType<typeof setInterval> | undefined,
    error: unknown,
  ): void => {
    if (timer !== undefined) clearInterval(timer);
    // Success acks without consulting the policy (nor parsing the delivery info): the hot path.
    // Manual mode leaves success to the handler.
    if (error === undefined) {
      if (!manual) message.ack();
    } else {
      fail(message, error);
    }
  };

  const untraced = (raw: JsMsg, context: HandlerContext): void | Promise<void> => {
    const codec = choose(raw.subject);
    if (codec === undefined) {
      messageOf(raw, undefined as T).term(noHandlerReason);
      return;
    }
    let payload: T;
    try {
      payload = decodeWith(codec, raw.data, raw.subject);
    } catch (error) {
      fail(messageOf(raw, undefined as T), error);
      return;
    }
    const message = messageOf(raw, payload);
    const timer =
      workingInterval === undefined ? undefined : setInterval(() => message.working(), workingInterval);
    let result: void | Promise<void>;
    try {
      result = handler(message, context);
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
  if (!traced) return untraced;

  return (raw, context) => {
    const started = settled === undefined ? 0 : performance.now();
    const undecodable = (operation: ProcessOperation, error: unknown) => {
      const message = messageOf(raw, undefined as T);
      fail(message, error);
      report(operation, message.decision, started, error, "undecodable");
    };
    let headers: Headers;
    try {
      // Parsed first, so a header block nats.js cannot read is rejected like an undecodable payload.
      headers = headersOf(raw, raw.subject);
    } catch (error) {
      undecodable(describe(raw, noHeaders(), settings), error);
      return;
    }
    const operation = describe(raw, headers, settings);
    const codec = choose(raw.subject);
    if (codec === undefined) {
      const message = messageOf(raw, undefined as T);
      message.term(noHandlerReason);
      report(operation, message.decision, started, undefined, "unroutable");
      return;
    }
    let payload: T;
    try {
      payload = decodeWith(codec, raw.data, raw.subject);
    } catch (error) {
      undecodable(operation, error);
      return;
    }
    const message = new JetStreamMessage<T>(raw, payload, termReasons, batcher, backoff, headers);
    const timer =
      workingInterval === undefined ? undefined : setInterval(() => message.working(), workingInterval);
    const done = (error: unknown) => {
      finish(message, timer, error);
      report(operation, message.decision, started, error);
    };
    let result: Promise<void>;
    try {
      result = telemetry.process(operation, (traceContext) => {
        const given = traceContext === undefined ? context : { signal: context.signal, traceContext };
        const outcome = handler(message, given);
        // The one promise check per message: a synchronous outcome becomes the shared resolved promise,
        // which the caller recognises (below) to settle without waiting a turn.
        return outcome instanceof Promise ? outcome : resolved;
      });
    } catch (error) {
      done(error ?? new Error("handler threw without a reason"));
      return;
    }
    // A synchronous handler whose telemetry added nothing async (tracing off) is settled at once, without a
    // promise turn: the acks of a batch then share a socket write.
    if (result === resolved) {
      done(undefined);
      return;
    }
    return result.then(
      () => done(undefined),
      (error: unknown) => done(error ?? new Error("handler rejected without a reason")),
    );
  };
}

function describe(
  raw: JsMsg,
  headers: Headers,
  settings: { readonly consumer: string | undefined; readonly stream: string },
): ProcessOperation {
  const { consumer, stream } = settings;
  const { subject, data } = raw;
  return consumer === undefined
    ? { system: "jetstream", subject, headers, bodySize: data.length, destination: stream }
    : {
        system: "jetstream",
        subject,
        headers,
        bodySize: data.length,
        consumerGroup: consumer,
        destination: stream,
      };
}
