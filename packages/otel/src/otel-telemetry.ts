import type {
  OperationLabel,
  ProcessOperation,
  PublishOperation,
  RequestOperation,
  Telemetry,
} from "@natsflux/core";
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
  // Span names: an operation's own `name` (see core's `labelOperations`) wins over these functions.
  /** @default `publish {subject}` */
  readonly publishSpanName?: (operation: PublishOperation) => string;
  /** @default `receive {subject}` */
  readonly processSpanName?: (operation: ProcessOperation) => string;
  /** @default `request {subject}` */
  readonly requestSpanName?: (operation: RequestOperation) => string;
  /**
   * Kind of request spans: CLIENT (the default, it waits for the reply) or PRODUCER, as Go's service
   * publisher records requests. @default "client"
   */
  readonly requestSpanKind?: "client" | "producer";
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
  const requestKind = options.requestSpanKind === "producer" ? SpanKind.PRODUCER : SpanKind.CLIENT;

  // A caller's label (`operation.name`) wins over the name functions, which win over the defaults.
  const nameOf = <O extends OperationLabel>(
    custom: ((operation: O) => string) | undefined,
    operation: O,
    fallback: string,
  ) => {
    if (operation.name !== undefined) return operation.name;
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
      const attributes = labelled(sendAttributes(operation), operation);
      return outgoing(SpanKind.PRODUCER, name, attributes, operation.headers, run);
    },
    request(operation, run) {
      if (tracingIsOff(tracerProvider, propagator)) return run();
      const name = nameOf(options.requestSpanName, operation, `request ${operation.subject}`);
      const attributes = labelled(sendAttributes(operation), operation);
      return outgoing(requestKind, name, attributes, operation.headers, run);
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
        {
          kind: SpanKind.CONSUMER,
          attributes: labelled(processAttributes(operation), operation),
          ...(links ? { links } : {}),
        },
        parent,
        report,
      );
      return runInScope(scope, run, report);
    },
  };
}

/** The CloudEvents id header (binary mode, `ce-` prefix): the message id on both sides, as in Go. */
const CE_ID = "ce-id";

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
  // The CloudEvents id when there is one (what Go records), else the transport's deduplication id.
  const messageId = operation.headers[CE_ID] || ("messageId" in operation ? operation.messageId : undefined);
  if (messageId) attributes[ATTR_MESSAGING_MESSAGE_ID] = messageId;
  return attributes;
}

/** A caller's attributes (`operation.attributes`) added to the defaults, winning over them. */
function labelled(attributes: Attributes, operation: OperationLabel): Attributes {
  const extra = operation.attributes;
  if (extra !== undefined) for (const key in extra) attributes[key] = extra[key];
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
  const messageId = operation.headers[CE_ID];
  if (messageId) attributes[ATTR_MESSAGING_MESSAGE_ID] = messageId;
  return attributes;
}
