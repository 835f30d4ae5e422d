import type { ProcessOperation, PublishOperation, RequestOperation, Telemetry } from "@natsflux/core";
import {
  type Attributes,
  type Context,
  context,
  SpanKind,
  type TextMapPropagator,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import type { ConsumerTraceMode } from "./consumer-trace-mode.js";
import { ATTR_MESSAGING_NATS_SUBJECT, MESSAGING_SYSTEM_NATS, NATSFLUX_TRACER_NAME } from "./names.js";
import {
  ATTR_MESSAGING_CONSUMER_GROUP_NAME,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
} from "./semconv.js";
import { reportToDiag, runInScope, startSpanScope, type TracingErrorReporter } from "./span-scope.js";
import { consumerParent, injectTraceContext } from "./trace-context.js";
import { tracingIsOff } from "./tracing-off.js";

export interface OtelTelemetryOptions {
  /** Where spans go. @default the global tracer provider (no-op until the application registers one) */
  readonly tracerProvider?: TracerProvider;
  /** Writes and reads trace context in message headers. @default the global propagator (no-op until set) */
  readonly propagator?: TextMapPropagator;
  /** Whether a consumer span is the producer's child or links to it. @default "child" */
  readonly consumerTraceMode?: ConsumerTraceMode;
  /** @default `publish {subject}` */
  readonly publishSpanName?: (operation: PublishOperation) => string;
  /** @default `receive {subject}` */
  readonly processSpanName?: (operation: ProcessOperation) => string;
  /** @default `request {subject}` */
  readonly requestSpanName?: (operation: RequestOperation) => string;
  /** Receives tracing failures (a throwing name function, exporter or propagator). @default `diag.warn` */
  readonly onError?: TracingErrorReporter;
}

/**
 * The core `Telemetry` hook on OpenTelemetry, for the transports: a PRODUCER span per publish, a CLIENT
 * span per request (it waits for the reply) and a CONSUMER span per processed message, with messaging
 * semantic-convention attributes. Publishes and requests carry the span's context in their headers;
 * processing continues the trace found in the received headers and runs the handler inside its span,
 * so spans the handler starts nest under it. A tracing failure never fails the operation.
 */
export function otelTelemetry(options: OtelTelemetryOptions = {}): Telemetry {
  // Without a provider, the global proxy: it follows a provider registered after this call.
  const tracer: Tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    NATSFLUX_TRACER_NAME,
  );
  const { propagator, tracerProvider } = options;
  const mode = options.consumerTraceMode ?? "child";
  const report = options.onError ?? reportToDiag;

  const nameOf = <O>(custom: ((operation: O) => string) | undefined, operation: O, fallback: string) => {
    if (custom === undefined) return fallback;
    try {
      return custom(operation);
    } catch (error) {
      report(error);
      return fallback;
    }
  };

  const outgoing = <R>(
    kind: SpanKind,
    name: string,
    attributes: Attributes,
    headers: Record<string, string>,
    run: () => Promise<R>,
  ): Promise<R> => {
    const scope = startSpanScope(tracer, name, { kind, attributes }, context.active(), report);
    if (scope !== undefined) {
      try {
        injectTraceContext(scope.context, headers, propagator);
      } catch (error) {
        report(error);
      }
    }
    return runInScope(scope, run, report);
  };

  return {
    publish(operation, run) {
      if (tracingIsOff(tracerProvider, propagator)) return run();
      const name = nameOf(options.publishSpanName, operation, `publish ${operation.subject}`);
      return outgoing(SpanKind.PRODUCER, name, sendAttributes(operation), operation.headers, run);
    },
    request(operation, run) {
      if (tracingIsOff(tracerProvider, propagator)) return run();
      const name = nameOf(options.requestSpanName, operation, `request ${operation.subject}`);
      return outgoing(SpanKind.CLIENT, name, sendAttributes(operation), operation.headers, run);
    },
    process(operation, run) {
      if (tracingIsOff(tracerProvider, propagator)) return run();
      const name = nameOf(options.processSpanName, operation, `receive ${operation.subject}`);
      let parent: Context;
      let links: ReturnType<typeof consumerParent>["links"];
      try {
        ({ parent, links } = consumerParent(operation.headers, propagator, mode));
      } catch (error) {
        report(error);
        return run();
      }
      const scope = startSpanScope(
        tracer,
        name,
        { kind: SpanKind.CONSUMER, attributes: processAttributes(operation), ...(links ? { links } : {}) },
        parent,
        report,
      );
      return runInScope(scope, run, report);
    },
  };
}

function systemOf(system: PublishOperation["system"]): string {
  return system === "memory" ? "memory" : MESSAGING_SYSTEM_NATS;
}

function sendAttributes(operation: PublishOperation | RequestOperation): Attributes {
  const attributes: Attributes = {
    [ATTR_MESSAGING_SYSTEM]: systemOf(operation.system),
    [ATTR_MESSAGING_OPERATION]: "publish",
    [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_SEND,
    [ATTR_MESSAGING_DESTINATION_NAME]:
      ("destination" in operation ? operation.destination : undefined) ?? operation.subject,
    [ATTR_MESSAGING_NATS_SUBJECT]: operation.subject,
    [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: operation.bodySize,
  };
  const messageId = "messageId" in operation ? operation.messageId : undefined;
  if (messageId !== undefined) attributes[ATTR_MESSAGING_MESSAGE_ID] = messageId;
  return attributes;
}

function processAttributes(operation: ProcessOperation): Attributes {
  const attributes: Attributes = {
    [ATTR_MESSAGING_SYSTEM]: systemOf(operation.system),
    [ATTR_MESSAGING_OPERATION]: "receive",
    [ATTR_MESSAGING_OPERATION_TYPE]: MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
    [ATTR_MESSAGING_DESTINATION_NAME]: operation.destination ?? operation.subject,
    [ATTR_MESSAGING_NATS_SUBJECT]: operation.subject,
    [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: operation.bodySize,
  };
  if (operation.consumerGroup) attributes[ATTR_MESSAGING_CONSUMER_GROUP_NAME] = operation.consumerGroup;
  const messageId = operation.headers["ce-id"];
  if (messageId) attributes[ATTR_MESSAGING_MESSAGE_ID] = messageId;
  return attributes;
}
