/**
 * How a consumer span relates to the producer's span whose context arrived in the message headers:
 * `"child"` (the default, as in Go) continues the producer's trace; `"link"` starts a new trace with a
 * span link to the producer, for consumers whose work should not stretch the producer's trace.
 */
export type ConsumerTraceMode = "child" | "link";
