import {
  ATTR_MESSAGING_CLIENT_ID_GO,
  ATTR_MESSAGING_DESTINATION_SUBSCRIPTION,
  ATTR_MESSAGING_NATS_SUBJECT,
  injectTraceContext,
  MESSAGING_SYSTEM_NATS,
  NATSFLUX_TRACER_NAME,
} from "@natsflux/otel";
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  consumerParent,
  endSpan,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
  producerParent,
  type SpanScope,
  startSpanScope,
  type TracingErrorReporter,
  tracingIsOff,
} from "@natsflux/otel/internal";
import { CEID } from "@natsflux/spec";
import {
  type Attributes,
  type Context,
  context,
  ROOT_CONTEXT,
  SpanKind,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { DeliveryInfo } from "../event.js";
import type { Logger } from "../logger.js";
import type { TracingSettings } from "../tracing-options.js";
import { tracingFailureReporter } from "./facade-telemetry.js";

/** The span of one publish or request; every method is safe to call and never throws. */
export interface PublishTrace {
  /** Records the message id and size, and writes the trace context into the outgoing headers. */
  sending(headers: Record<string, string>, bodySize: number): void;
  end(error?: unknown): void;
}

/** The span of one received message; every method is safe to call and never throws. */
export interface ConsumeTrace {
  /** The span's context: handlers get it as `traceContext` and run inside it. */
  readonly context: Context;
  /** Runs `fn` with the span active, so spans the handler starts (and its publishes) nest under it. */
  run<R>(fn: () => R): R;
  end(error?: unknown): void;
}

/**
 * The Go transport's spans, on the facade (wire contract 6.2): PRODUCER `publish {routingKey}` for
 * stream publishes and service requests, CONSUMER `{destination}#{key}` for received events and
 * requests, each with Go's attributes (plus `messaging.operation.type` and, when there is one,
 * `messaging.consumer.group.name`). Trace context goes out through the propagator after `ce-id` is
 * decided and comes in from the headers; consumer spans are children of the producer's span unless the
 * link mode is set. Tracing failures are logged, never thrown.
 */
export class FacadeTracing {
  readonly #tracer: Tracer;
  readonly #settings: TracingSettings;
  readonly #serviceName: string;
  readonly #report: TracingErrorReporter;

  constructor(settings: TracingSettings, serviceName: string, logger: Logger) {
    // Without a provider, the global proxy: it follows a provider the application registers later.
    this.#tracer = (settings.tracerProvider ?? trace.getTracerProvider()).getTracer(NATSFLUX_TRACER_NAME);
    this.#settings = settings;
    this.#serviceName = serviceName;
    this.#report = tracingFailureReporter(logger);
  }

  publish(stream: string, routingKey: string, subject: string, parent: Context | undefined): PublishTrace {
    if (this.#off()) return noPublishTrace;
    const custom = this.#settings.publishSpanNameFn;
    const name = this.#name(custom && (() => custom(stream, routingKey)), `publish ${routingKey}`);
    const scope = startSpanScope(
      this.#tracer,
      name,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_NATS,
          [ATTR_MESSAGING_OPERATION]: "publish",
          [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_SEND,
          [ATTR_MESSAGING_DESTINATION_NAME]: stream,
          [ATTR_MESSAGING_NATS_SUBJECT]: subject,
          [ATTR_MESSAGING_CLIENT_ID_GO]: this.#serviceName,
        },
      },
      producerParent(parent),
      this.#report,
    );
    if (scope === undefined) return noPublishTrace;
    const report = this.#report;
    const propagator = this.#settings.propagator;
    return {
      sending(headers, bodySize) {
        try {
          const id = headers[CEID];
          scope.span.setAttributes({
            ...(id ? { [ATTR_MESSAGING_MESSAGE_ID]: id } : {}),
            [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: bodySize,
          });
          injectTraceContext(scope.context, headers, propagator);
        } catch (error) {
          report(error);
        }
      },
      end: (error) => endSpan(scope.span, error, report),
    };
  }

  consume(deliveryInfo: DeliveryInfo, bodySize: number, consumerGroup: string | undefined): ConsumeTrace {
    if (this.#off()) return noConsumeTrace;
    const custom = this.#settings.spanNameFn;
    const name = this.#name(
      custom && (() => custom(deliveryInfo)),
      `${deliveryInfo.destination}#${deliveryInfo.key}`,
    );
    const attributes: Attributes = {
      [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM_NATS,
      [ATTR_MESSAGING_OPERATION]: "receive",
      [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
      [ATTR_MESSAGING_DESTINATION_NAME]: deliveryInfo.source,
      // Go's meaning on consume spans: the routing key, not the subject.
      [ATTR_MESSAGING_NATS_SUBJECT]: deliveryInfo.key,
      [ATTR_MESSAGING_DESTINATION_SUBSCRIPTION]: deliveryInfo.destination,
      [ATTR_MESSAGING_CLIENT_ID_GO]: this.#serviceName,
      [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: bodySize,
    };
    const id = deliveryInfo.headers[CEID];
    if (id) attributes[ATTR_MESSAGING_MESSAGE_ID] = id;
    if (consumerGroup) attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] = consumerGroup;
    let scope: SpanScope | undefined;
    try {
      const { parent, links } = consumerParent(
        deliveryInfo.headers,
        this.#settings.propagator,
        this.#settings.consumerTraceMode,
      );
      scope = startSpanScope(
        this.#tracer,
        name,
        { kind: SpanKind.CONSUMER, attributes, ...(links ? { links } : {}) },
        parent,
        this.#report,
      );
    } catch (error) {
      this.#report(error);
    }
    if (scope === undefined) return noConsumeTrace;
    const active = scope;
    const report = this.#report;
    return {
      context: active.context,
      run: (fn) => runWithin(active.context, fn, report),
      end: (error) => endSpan(active.span, error, report),
    };
  }

  /** Nothing configured and no SDK registered: skip the span work (an SDK registered later is seen). */
  #off(): boolean {
    return tracingIsOff(this.#settings.tracerProvider, this.#settings.propagator);
  }

  #name(custom: (() => string) | undefined, fallback: string): string {
    if (custom === undefined) return fallback;
    try {
      return custom();
    } catch (error) {
      this.#report(error);
      return fallback;
    }
  }
}

/** `context.with`, except that a failing context manager runs `fn` plainly (and only once). */
function runWithin<R>(ctx: Context, fn: () => R, report: TracingErrorReporter): R {
  let called = false;
  try {
    return context.with(ctx, () => {
      called = true;
      return fn();
    });
  } catch (error) {
    if (called) throw error;
    report(error);
    return fn();
  }
}

const noPublishTrace: PublishTrace = Object.freeze({ sending: () => {}, end: () => {} });
const noConsumeTrace: ConsumeTrace = Object.freeze({
  context: ROOT_CONTEXT,
  run: <R>(fn: () => R) => fn(),
  end: () => {},
});
