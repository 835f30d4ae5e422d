import {
  type Context,
  context,
  diag,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";

/** Where tracing failures go; they are reported, never thrown into the traced operation. */
export type TracingErrorReporter = (error: unknown) => void;

export const reportToDiag: TracingErrorReporter = (error) => {
  diag.warn("natsflux: tracing failed; the operation continues untraced", error);
};

/** A started span and the context that has it as the active span. */
export interface SpanScope {
  readonly span: Span;
  readonly context: Context;
}

/** Starts a span, or returns undefined (after reporting) when the tracer or a callback throws. */
export function startSpanScope(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  parent: Context,
  report: TracingErrorReporter,
): SpanScope | undefined {
  try {
    const span = tracer.startSpan(name, options, parent);
    return { span, context: trace.setSpan(parent, span) };
  } catch (error) {
    report(error);
    return undefined;
  }
}

/** Ends a span as Go does: Error status with the exception recorded on failure, Ok otherwise. */
function endSpan(span: Span, error: unknown, report: TracingErrorReporter): void {
  try {
    if (error === undefined) {
      span.setStatus({ code: SpanStatusCode.OK });
    } else {
      const message = error instanceof Error ? error.message : String(error);
      span.recordException(error instanceof Error ? error : message);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    }
    span.end();
  } catch (failure) {
    report(failure);
  }
}

/**
 * Runs `run` exactly once with `scope` as the active context (so spans the caller starts nest under it),
 * then ends the span with the outcome. `run` is given the span's context, for callers without a context
 * manager. Resolves or rejects exactly as `run` does.
 */
export function runInScope<R>(
  scope: SpanScope | undefined,
  run: (traceContext?: Context) => Promise<R>,
  report: TracingErrorReporter,
): Promise<R> {
  if (scope === undefined) return run();
  let called = false;
  const once = () => {
    called = true;
    return run(scope.context);
  };
  let result: Promise<R>;
  try {
    result = context.with(scope.context, once);
  } catch (error) {
    if (called) {
      endSpan(scope.span, error ?? new Error("operation threw without a reason"), report);
      throw error;
    }
    // The context manager failed before running the operation: run it untraced.
    report(error);
    endSpan(scope.span, undefined, report);
    return run(undefined);
  }
  return Promise.resolve(result).then(
    (value) => {
      endSpan(scope.span, undefined, report);
      return value;
    },
    (error: unknown) => {
      endSpan(scope.span, error ?? new Error("operation rejected without a reason"), report);
      throw error;
    },
  );
}
