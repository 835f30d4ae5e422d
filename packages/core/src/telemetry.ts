import type { AckDecision } from "./retry-policy.js";

/** Attribute values a telemetry hook may record. */
export type TelemetryAttributes = Readonly<Record<string, string | number | boolean>>;

/**
 * What a caller above the transport chose to call an operation: a span name (e.g. Go's `publish {key}`)
 * and attributes to add. Transports leave both unset; `labelOperations` fills them in.
 */
export interface OperationLabel {
  readonly name?: string;
  readonly attributes?: TelemetryAttributes;
}

/** Describes one publish, for telemetry. `headers` is mutable so a tracer can inject trace context. */
export interface PublishOperation extends OperationLabel {
  readonly system: "nats" | "jetstream" | "memory";
  readonly subject: string;
  readonly headers: Record<string, string>;
  readonly bodySize: number;
  /** Stream or other logical destination, when it differs from the subject. */
  readonly destination?: string;
  readonly messageId?: string;
}

/** Describes the processing of one received message (a delivery, or a request a responder answers). */
export interface ProcessOperation extends OperationLabel {
  readonly system: "nats" | "jetstream" | "memory";
  readonly subject: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodySize: number;
  /** Queue group or durable consumer name, when there is one. */
  readonly consumerGroup?: string;
  readonly destination?: string;
}

/** Describes one request (client side of request-reply). `headers` is mutable for trace injection. */
export interface RequestOperation extends OperationLabel {
  readonly system: "nats" | "memory";
  readonly subject: string;
  readonly headers: Record<string, string>;
  readonly bodySize: number;
}

/**
 * How an acknowledging transport settled one received message, handler run or not. `rejected` says why a
 * message never reached a handler; `error` is the handler's (or the decoder's) failure.
 */
export interface Settlement {
  readonly decision: AckDecision;
  readonly rejected?: "undecodable" | "unroutable";
  readonly error?: unknown;
  /** From receipt to settlement. */
  readonly durationMs: number;
}

/**
 * Hooks transports call around every publish, process and request. Each hook must call `run` exactly
 * once and return (or rethrow) its result; a hook that fails itself must not fail the operation.
 * `settled` is told how each message of an acknowledging transport ended (metrics); it must not throw.
 * The default is a no-op; the facade plugs in OpenTelemetry and metrics.
 */
export interface Telemetry {
  publish<R>(operation: PublishOperation, run: () => Promise<R>): Promise<R>;
  /**
   * `run` takes the trace context of the span processing the message, when the hook has one (opaque to
   * the transports), so a transport can hand it to the handler where no context manager carries it.
   */
  process<R>(operation: ProcessOperation, run: (traceContext?: unknown) => Promise<R>): Promise<R>;
  request<R>(operation: RequestOperation, run: () => Promise<R>): Promise<R>;
  settled?(operation: ProcessOperation, settlement: Settlement): void;
}

/** Calls straight through; transports may compare against it to skip building operation descriptors. */
export const noopTelemetry: Telemetry = Object.freeze({
  publish: <R>(_: PublishOperation, run: () => Promise<R>) => run(),
  process: <R>(_: ProcessOperation, run: (traceContext?: unknown) => Promise<R>) => run(),
  request: <R>(_: RequestOperation, run: () => Promise<R>) => run(),
});
