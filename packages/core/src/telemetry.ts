/** Describes one publish, for telemetry. `headers` is mutable so a tracer can inject trace context. */
export interface PublishOperation {
  readonly system: "nats" | "jetstream" | "memory";
  readonly subject: string;
  readonly headers: Record<string, string>;
  readonly bodySize: number;
  /** Stream or other logical destination, when it differs from the subject. */
  readonly destination?: string;
  readonly messageId?: string;
}

/** Describes the processing of one received message. */
export interface ProcessOperation {
  readonly system: "nats" | "jetstream" | "memory";
  readonly subject: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodySize: number;
  /** Queue group or durable consumer name, when there is one. */
  readonly consumerGroup?: string;
  readonly destination?: string;
}

/** Describes one request (client side of request-reply). `headers` is mutable for trace injection. */
export interface RequestOperation {
  readonly system: "nats" | "memory";
  readonly subject: string;
  readonly headers: Record<string, string>;
  readonly bodySize: number;
}

/**
 * Hooks transports call around every publish, process and request. Each hook must call `run` exactly
 * once and return (or rethrow) its result; a hook that fails itself must not fail the operation.
 * The default is a no-op; the facade plugs in OpenTelemetry and metrics.
 */
export interface Telemetry {
  publish<R>(operation: PublishOperation, run: () => Promise<R>): Promise<R>;
  process<R>(operation: ProcessOperation, run: () => Promise<R>): Promise<R>;
  request<R>(operation: RequestOperation, run: () => Promise<R>): Promise<R>;
}

/** Calls straight through; transports may compare against it to skip building operation descriptors. */
export const noopTelemetry: Telemetry = Object.freeze({
  publish: <R>(_: PublishOperation, run: () => Promise<R>) => run(),
  process: <R>(_: ProcessOperation, run: () => Promise<R>) => run(),
  request: <R>(_: RequestOperation, run: () => Promise<R>) => run(),
});
