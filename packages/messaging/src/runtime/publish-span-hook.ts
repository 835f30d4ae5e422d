import type { ProcessOperation, PublishOperation, RequestOperation, Telemetry } from "@natsflux/core";
import type { PublishTrace } from "./facade-tracing.js";

/**
 * Interim bridge until the facade's spans come from its Telemetry: the sink starts the span, the transport
 * encodes and calls this hook synchronously within publish()/request(), and the hook records the message
 * id and size and injects the trace context into the headers the transport is about to send.
 */
export class PublishSpanHook implements Telemetry {
  /** The span of the publish being sent; set by the sink right around its synchronous call. */
  current: PublishTrace | undefined;

  publish<R>(operation: PublishOperation, run: () => Promise<R>): Promise<R> {
    this.current?.sending(operation.headers, operation.bodySize);
    return run();
  }

  request<R>(operation: RequestOperation, run: () => Promise<R>): Promise<R> {
    this.current?.sending(operation.headers, operation.bodySize);
    return run();
  }

  process<R>(_: ProcessOperation, run: () => Promise<R>): Promise<R> {
    return run();
  }
}
